using Microsoft.Extensions.Configuration;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Providers;

namespace PodIdentity.Core.Tests.Support;

/// <summary>Builds the mutator from flat configuration keys, as the webhook binds them.</summary>
public static class TestMutator
{
    public static TestReviewer Reviewer(IReadOnlyDictionary<string, string?>? config = null) => new(Create(config));

    public static PodMutator Create(IReadOnlyDictionary<string, string?>? config = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(config ?? new Dictionary<string, string?>()).Build();
        var builder = new ProviderBuilder(configuration);
        foreach (var descriptor in ProviderCatalog.All)
        {
            descriptor.Accept(builder);
        }

        var mutation = configuration.GetSection(MutationOptions.Section).Get<MutationOptions>() ?? new MutationOptions();
        return new PodMutator(builder.Providers, mutation);
    }

    private sealed class ProviderBuilder(IConfiguration configuration) : IProviderDescriptorVisitor
    {
        public List<IIdentityProvider> Providers { get; } = [];

        public void Visit<TOptions>(ProviderDescriptor<TOptions> descriptor) where TOptions : class, new()
        {
            var options = new TOptions();
            configuration.GetSection(descriptor.Section).Bind(options);
            var errors = descriptor.Validate(options);
            if (errors.Count > 0)
            {
                throw new InvalidOperationException(string.Join("; ", errors));
            }

            if (descriptor.IsEnabled(options))
            {
                Providers.Add(descriptor.Create(options));
            }
        }
    }
}
