using System.Reflection;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace FibroStore.Accounts.Identity;

/// <summary>
/// The Identity UI pages we keep unchanged leave most text fields without a maximum length. This gives each
/// one the store's limits, so an overlong value is refused with a message instead of reaching the database.
/// </summary>
internal sealed class IdentityUiInputLimits : IValidationMetadataProvider
{
    private static readonly Assembly IdentityUi =
        typeof(Microsoft.AspNetCore.Identity.UI.V5.Pages.Account.Internal.LoginModel).Assembly;

    public void CreateValidationMetadata(ValidationMetadataProviderContext context)
    {
        if (context.Key.MetadataKind != ModelMetadataKind.Property
            || context.Key.ModelType != typeof(string)
            || context.Key.ContainerType?.Assembly != IdentityUi
            || context.Attributes.Any(a => a is StringLengthAttribute or MaxLengthAttribute))
            return;

        var limit = context.Attributes.Any(a => a is EmailAddressAttribute)
            ? new StringLengthAttribute(254) { ErrorMessage = "An email address can be at most 254 characters long." }
            : context.Attributes.OfType<DataTypeAttribute>().Any(a => a.DataType == DataType.Password)
                ? new TypedPasswordAttribute()
                : new StringLengthAttribute(100) { ErrorMessage = "This can be at most 100 characters long." };
        context.ValidationMetadata.ValidatorMetadata.Add(limit);
    }
}
