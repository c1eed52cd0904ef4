using FluentValidation;
using Microsoft.Extensions.Options;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Providers;

namespace PodIdentity.Webhook.Mutation;

public static class MutationServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates every provider's options section (a bad value stops start-up with a
    /// message naming the key), then builds the mutator from the enabled providers.
    /// Shared by <c>serve</c> and <c>preview</c>, so both read configuration the same way.
    /// </summary>
    public static IServiceCollection AddPodMutation(this IServiceCollection services)
    {
        services.AddOptions<MutationOptions>().BindConfiguration(MutationOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MutationOptions>, MutationOptionsValidator>();
        var registrar = new ProviderRegistrar(services);
        foreach (var descriptor in ProviderCatalog.All)
        {
            descriptor.Accept(registrar);
        }

        services.AddSingleton(sp => new PodMutator(
            registrar.Factories.Select(create => create(sp)).OfType<IIdentityProvider>(),
            sp.GetRequiredService<IOptions<MutationOptions>>().Value));
        services.AddSingleton<AdmissionReviewer>();
        return services;
    }

    private sealed class ProviderRegistrar(IServiceCollection services) : IProviderDescriptorVisitor
    {
        public List<Func<IServiceProvider, IIdentityProvider?>> Factories { get; } = [];

        public void Visit<TOptions>(ProviderDescriptor<TOptions> descriptor) where TOptions : class, new()
        {
            services.AddOptions<TOptions>()
                .Configure<IConfiguration>((options, configuration) => descriptor.Bind(configuration.GetSection(descriptor.Section), options))
                .ValidateOnStart();
            services.AddSingleton<IValidateOptions<TOptions>>(new FluentOptionsValidator<TOptions>(descriptor.Validator));
            Factories.Add(sp =>
            {
                var options = sp.GetRequiredService<IOptions<TOptions>>().Value;
                return descriptor.IsEnabled(options) ? descriptor.Create(options) : null;
            });
        }
    }

    private sealed class MutationOptionsValidator : IValidateOptions<MutationOptions>
    {
        public ValidateOptionsResult Validate(string? name, MutationOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }

    private sealed class FluentOptionsValidator<TOptions>(IValidator<TOptions> validator) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var result = validator.Validate(options);
            return result.IsValid
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(result.Errors.Select(e => e.ErrorMessage));
        }
    }
}
