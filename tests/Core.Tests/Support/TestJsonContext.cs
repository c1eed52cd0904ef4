using System.Text.Json.Serialization;
using PodIdentity.Core.Admission;

namespace PodIdentity.Core.Tests.Support;

/// <summary>The source-generated serializer for the AdmissionReview envelope, the reference the hand-written response writer is held to.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AdmissionReview))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
