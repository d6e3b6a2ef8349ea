using FibroStore.SharedKernel.Clustering;
using Npgsql;

namespace FibroStore.Ordering.Checkout;

/// <summary>
/// The store's tax rule. Each instance prices baskets with its own copy (<see cref="SignalledCache{T}"/>), so the cart
/// page costs no query for it; a save drops every copy.
/// </summary>
internal sealed class TaxSettingsStore(OrderingDbContext db, SignalledCache<TaxSettings> cache, IClusterSignals signals, TimeProvider clock) : ITaxSettings
{
    internal const string SignalTopic = "tax-settings";

    /// <summary>How long an instance keeps its copy when no save's signal reaches it.</summary>
    internal static readonly TimeSpan CopyMaxAge = TimeSpan.FromSeconds(60);

    /// <summary>The rule baskets are priced with now: this instance's copy.</summary>
    public ValueTask<TaxSettings> CurrentAsync(CancellationToken ct) =>
        cache.GetAsync(async token => (await ReadAsync(db, token)).Settings, ct);

    public async Task<VersionedTaxSettings> LoadAsync(CancellationToken ct)
    {
        var (settings, version) = await ReadAsync(db, ct);
        return new VersionedTaxSettings(settings, version);
    }

    private static async Task<(TaxSettings Settings, int Version)> ReadAsync(OrderingDbContext db, CancellationToken ct)
    {
        var row = await db.TaxSettings.AsNoTracking().SingleOrDefaultAsync(ct);
        return row is null ? (new TaxSettings(), 0) : (ToSettings(row), row.Version);
    }

    private static readonly Refusal EditedMeanwhile =
        Refusal.Conflict("Someone else changed the tax while you were editing. Your changes were not saved; the form now shows theirs.");

    public async Task<Outcome> SaveAsync(TaxSettings updated, int expectedVersion, string actorId, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await db.TaxSettings.SingleOrDefaultAsync(ct);
        if ((row?.Version ?? 0) != expectedVersion)
            return EditedMeanwhile;
        var before = row is null ? new TaxSettings() : ToSettings(row);
        if (row is null)
        {
            row = new TaxSettingsRow();
            db.TaxSettings.Add(row);
        }
        var now = clock.GetUtcNow();
        (row.TaxMode, row.TaxRatePercent, row.TaxName) = (updated.TaxMode, updated.TaxRatePercent, updated.TaxName);
        row.Version = expectedVersion + 1;
        row.UpdatedAt = now;
        row.UpdatedBy = actorId;
        AuditTrail.Record(db, now, actorId, AuditAreas.Settings, "tax.changed", "TaxSettings", "tax", before, updated);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance inserted or bumped the row first.
            db.ChangeTracker.Clear();
            return EditedMeanwhile;
        }
        await signals.PublishAsync((NpgsqlConnection)db.Database.GetDbConnection(), SignalTopic,
            row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        await tx.CommitAsync(ct);
        cache.Drop();
        return Outcome.Done;
    }

    private static TaxSettings ToSettings(TaxSettingsRow row) =>
        new() { TaxMode = row.TaxMode, TaxRatePercent = row.TaxRatePercent, TaxName = row.TaxName };
}
