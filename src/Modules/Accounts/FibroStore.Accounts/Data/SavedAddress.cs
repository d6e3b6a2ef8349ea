namespace FibroStore.Accounts.Data;

internal enum AddressKind { Billing, Shipping }

/// <summary>A customer's billing or delivery address, brought from the old shop; removed with the account.</summary>
internal sealed class SavedAddress
{
    public const int LineLength = 200;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public string UserId { get; set; } = "";
    public AddressKind Kind { get; set; }
    public string Name { get; set; } = "";
    public string Company { get; set; } = "";
    public string Line1 { get; set; } = "";
    public string Line2 { get; set; } = "";
    public string City { get; set; } = "";
    public string Region { get; set; } = "";
    public string PostalCode { get; set; } = "";
    /// <summary>ISO 3166-1 alpha-2, as WooCommerce stores it ("GB").</summary>
    public string Country { get; set; } = "";
    public string Phone { get; set; } = "";
}
