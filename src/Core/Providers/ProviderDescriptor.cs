using FluentValidation;
using PodIdentity.Core.Mutation;

namespace PodIdentity.Core.Providers;

/// <summary>
/// How a host finds a provider: its configuration section, its options type and validator,
/// whether it is switched on, and how to build it. Hosts bind and validate options generically
/// through <see cref="IProviderDescriptorVisitor"/>, so adding a cloud needs no host changes.
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
    IValidator<TOptions> validator,
    Func<TOptions, bool> isEnabled,
    Func<TOptions, IIdentityProvider> create) : IProviderDescriptor
    where TOptions : class, new()
{
    public string Section => section;

    public IValidator<TOptions> Validator => validator;

    public bool IsEnabled(TOptions options) => isEnabled(options);

    public IIdentityProvider Create(TOptions options) => create(options);

    /// <summary>Messages for every invalid setting; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate(TOptions options) =>
        [.. validator.Validate(options).Errors.Select(e => e.ErrorMessage)];

    public void Accept(IProviderDescriptorVisitor visitor) => visitor.Visit(this);
}
