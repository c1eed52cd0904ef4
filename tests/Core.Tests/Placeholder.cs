namespace PodIdentity.Core.Tests;
