namespace FibroStore.Catalog.Contracts;

/// <summary>The one way a variant is named to people: on the cart, the payment page, orders, emails and exports.</summary>
public static class ProductDisplayName
{
    /// <summary>"Heat pad (Large)", or just "Heat pad" when the variant has no name of its own.</summary>
    public static string Of(string productName, string? variantName) =>
        OptionOf(productName, variantName) is { } option ? $"{productName} ({option})" : productName;

    /// <summary>The variant's own name, or null when it has none (empty, or the product's name again).</summary>
    public static string? OptionOf(string productName, string? variantName) =>
        string.IsNullOrWhiteSpace(variantName) || variantName == productName ? null : variantName;
}
