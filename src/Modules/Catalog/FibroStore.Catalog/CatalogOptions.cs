using System.ComponentModel.DataAnnotations;

namespace FibroStore.Catalog;

/// <summary>The store's one currency (config `Store:Currency`, an ISO 4217 code).</summary>
internal sealed class CatalogOptions
{
    [Required, RegularExpression("^[A-Z]{3}$", ErrorMessage = "Store:Currency must be a three-letter ISO code such as USD.")]
    public string Currency { get; set; } = "USD";
}
