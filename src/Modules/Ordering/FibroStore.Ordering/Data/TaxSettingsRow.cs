namespace FibroStore.Ordering.Data;

/// <summary>The single row holding the store's tax rule; Version guards concurrent edits.</summary>
internal sealed class TaxSettingsRow
{
    public int Id { get; set; } = 1;
    public TaxMode TaxMode { get; set; }
    public decimal TaxRatePercent { get; set; }
    public string TaxName { get; set; } = "VAT";
    public int Version { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}
