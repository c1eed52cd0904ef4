namespace PodIdentity.Core.Admission;
