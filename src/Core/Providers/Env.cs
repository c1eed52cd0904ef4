using k8s.Models;

namespace PodIdentity.Core.Providers;

public static class Env
{
    public static V1EnvVar Var(string name, string value) => new() { Name = name, Value = value };
}
