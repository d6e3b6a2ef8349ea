using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace FibroStore.BackOffice.Forms;

/// <summary>
/// The message for a form field when what was sent cannot be read as the field's type ("abc" in a number field). The
/// framework's own message names the C# property ("The value 'abc' is not valid for TaxRatePercent.").
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class UnreadableValueMessageAttribute(string message) : Attribute
{
    public string Message { get; } = message;
}

/// <summary>Gives each property marked <see cref="UnreadableValueMessageAttribute"/> its own message for a value that cannot be read.</summary>
internal sealed class UnreadableValueMessages(DefaultModelBindingMessageProvider framework) : IBindingMetadataProvider
{
    public void CreateBindingMetadata(BindingMetadataProviderContext context)
    {
        if (context.Attributes.OfType<UnreadableValueMessageAttribute>().FirstOrDefault() is not { Message: var message })
            return;
        var messages = new DefaultModelBindingMessageProvider(context.BindingMetadata.ModelBindingMessageProvider ?? framework);
        messages.SetAttemptedValueIsInvalidAccessor((_, _) => message);
        // An empty value for a field that must hold one ("" for a number) is as unreadable as "abc".
        messages.SetValueMustNotBeNullAccessor(_ => message);
        context.BindingMetadata.ModelBindingMessageProvider = messages;
    }
}
