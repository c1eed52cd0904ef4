namespace PodIdentity.Webhook.ServiceAccounts;

/// <summary>Namespace and name of a ServiceAccount; ordinal equality.</summary>
internal readonly record struct ServiceAccountKey(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";
}
