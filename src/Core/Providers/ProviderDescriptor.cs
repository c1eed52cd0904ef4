using FluentValidation;
using Microsoft.Extensions.Configuration;
using PodIdentity.Core.Mutation;

namespace PodIdentity.Core.Providers;

/// <summary>
/// How a host finds a provider: its configuration section, how that section binds to its options
/// type, its validator, whether it is switched on, and how to build it. Hosts bind and validate
/// options generically through <see cref="IProviderDescriptorVisitor"/>, so adding a cloud needs no
/// host changes. The bind delegate is written where the options type is concrete, so the
/// configuration-binding source generator produces reflection-free binding code for it (the
/// webhook is compiled ahead of time, where reflection-based binding is not safe).
/// </summary>
public interface IProviderDescriptor
{
    string Section { get; }

    void Accept(IProviderDescriptorVisitor visitor);
}

public interface IProviderDescriptorVisitor
{
    void Visit<TOptions>(ProviderDescriptor<TOptions> descriptor) where TOptions : class, new();
}

public sealed class ProviderDescriptor<TOptions>(
    string section,
    Action<IConfiguration, TOptions> bind,
    IValidator<TOptions> validator,
    Func<TOptions, bool> isEnabled,
    Func<TOptions, IIdentityProvider> create) : IProviderDescriptor
    where TOptions : class, new()
{
    public string Section => section;

    public IValidator<TOptions> Validator => validator;

    /// <summary>Copies the values of <paramref name="section"/> (this provider's section) onto <paramref name="options"/>.</summary>
    public void Bind(IConfiguration section, TOptions options) => bind(section, options);

    public bool IsEnabled(TOptions options) => isEnabled(options);

    public IIdentityProvider Create(TOptions options) => create(options);

    /// <summary>Messages for every invalid setting; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate(TOptions options) =>
        [.. validator.Validate(options).Errors.Select(e => e.ErrorMessage)];

    public void Accept(IProviderDescriptorVisitor visitor) => visitor.Visit(this);
}
