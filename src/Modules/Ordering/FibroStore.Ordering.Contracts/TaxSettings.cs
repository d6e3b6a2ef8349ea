using FibroStore.SharedKernel.Results;

namespace FibroStore.Ordering.Contracts;

public enum TaxMode
{
    /// <summary>The store charges no tax; receipts show none.</summary>
    None,
    /// <summary>Prices already include tax at <see cref="TaxSettings.TaxRatePercent"/>; receipts show the tax part.</summary>
    IncludedInPrices,
}

/// <summary>The store's one tax rule. Ordering keeps it and applies it to every basket; an admin changes it at /staff/settings.</summary>
public sealed record TaxSettings
{
    public TaxMode TaxMode { get; init; } = TaxMode.None;
    /// <summary>The one tax rate in percent (20 means 20 %), used when <see cref="TaxMode"/> includes tax.</summary>
    public decimal TaxRatePercent { get; init; }
    /// <summary>What receipts call the tax ("VAT", "GST", "Sales tax").</summary>
    public string TaxName { get; init; } = "VAT";

    /// <summary>The rate prices contain: <see cref="TaxRatePercent"/> when tax is included, otherwise 0.</summary>
    public decimal IncludedPercent => TaxMode == TaxMode.IncludedInPrices ? TaxRatePercent : 0;
}

/// <summary>The tax rule with the version it was saved at, so an edit can be refused when someone saved in between.</summary>
public sealed record VersionedTaxSettings(TaxSettings Settings, int Version);

public interface ITaxSettings
{
    /// <summary>The tax rule as stored (the default, no tax, when nobody has set one), with its version.</summary>
    Task<VersionedTaxSettings> LoadAsync(CancellationToken ct);

    /// <summary>
    /// Saves <paramref name="updated"/> if nobody saved since <paramref name="expectedVersion"/>, audited in the same
    /// transaction. Refused (a conflict) when another edit won.
    /// </summary>
    Task<Outcome> SaveAsync(TaxSettings updated, int expectedVersion, string actorId, CancellationToken ct);
}
