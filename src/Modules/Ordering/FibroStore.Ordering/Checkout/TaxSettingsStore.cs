using FibroStore.Ordering.Contracts;
using FibroStore.Ordering.Data;
using FibroStore.SharedKernel.Clustering;
using FibroStore.SiteServices.Contracts;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FibroStore.Ordering.Checkout;

/// <summary>
/// The copy of the tax rule each instance prices baskets with, so the cart page costs no query for it. A save on any
/// instance drops every copy through a NOTIFY sent in the save's transaction; a short lifetime covers a notification
/// lost while the listener was reconnecting.
/// </summary>
internal sealed class TaxSettingsCache(TimeProvider clock) : IClusterSignalHandler
{
    internal const string SignalTopic = "tax-settings";
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);
    private volatile Cached? cached;

    private sealed record Cached(TaxSettings Settings, DateTimeOffset LoadedAt);

    public string Topic => SignalTopic;

    public async ValueTask<TaxSettings> GetAsync(OrderingDbContext db, CancellationToken ct)
    {
        if (cached is { } current && clock.GetUtcNow() - current.LoadedAt < MaxAge)
            return current.Settings;
        var (settings, _) = await TaxSettingsStore.ReadAsync(db, ct);
        cached = new Cached(settings, clock.GetUtcNow());
        return settings;
    }

    public Task HandleAsync(string? data, CancellationToken ct)
    {
        Drop();
        return Task.CompletedTask;
    }

    public void Drop() => cached = null;
}

internal sealed class TaxSettingsStore(OrderingDbContext db, TaxSettingsCache cache, IClusterSignals signals, TimeProvider clock) : ITaxSettings
{
    /// <summary>The rule baskets are priced with now: this instance's copy.</summary>
    public ValueTask<TaxSettings> CurrentAsync(CancellationToken ct) => cache.GetAsync(db, ct);

    public async Task<VersionedTaxSettings> LoadAsync(CancellationToken ct)
    {
        var (settings, version) = await ReadAsync(db, ct);
        return new VersionedTaxSettings(settings, version);
    }

    internal static async Task<(TaxSettings Settings, int Version)> ReadAsync(OrderingDbContext db, CancellationToken ct)
    {
        var row = await db.TaxSettings.AsNoTracking().SingleOrDefaultAsync(ct);
        return row is null ? (new TaxSettings(), 0) : (ToSettings(row), row.Version);
    }

    public async Task<bool> SaveAsync(TaxSettings updated, int expectedVersion, string actorId, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await db.TaxSettings.SingleOrDefaultAsync(ct);
        if ((row?.Version ?? 0) != expectedVersion)
            return false;
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
            return false;
        }
        await signals.PublishAsync((NpgsqlConnection)db.Database.GetDbConnection(), TaxSettingsCache.SignalTopic,
            row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        await tx.CommitAsync(ct);
        cache.Drop();
        return true;
    }

    private static TaxSettings ToSettings(TaxSettingsRow row) =>
        new() { TaxMode = row.TaxMode, TaxRatePercent = row.TaxRatePercent, TaxName = row.TaxName };
}
