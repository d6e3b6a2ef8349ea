using FibroStore.Ordering.Contracts;
using FibroStore.Ordering.Data;
using FibroStore.SiteServices.Contracts;
using Microsoft.EntityFrameworkCore;

namespace FibroStore.Ordering.Checkout;

/// <summary>
/// The tax rule, read from its one row each time a basket is priced: a primary-key read, and every instance sees a
/// change at once without a cache to drop.
/// </summary>
internal sealed class TaxSettingsStore(OrderingDbContext db, TimeProvider clock) : ITaxSettings
{
    public async Task<VersionedTaxSettings> LoadAsync(CancellationToken ct)
    {
        var row = await db.Set<TaxSettingsRow>().AsNoTracking().SingleOrDefaultAsync(ct);
        return row is null ? new VersionedTaxSettings(new TaxSettings(), 0) : new VersionedTaxSettings(ToSettings(row), row.Version);
    }

    public async Task<bool> SaveAsync(TaxSettings updated, int expectedVersion, string actorId, CancellationToken ct)
    {
        var row = await db.Set<TaxSettingsRow>().SingleOrDefaultAsync(ct);
        if ((row?.Version ?? 0) != expectedVersion)
            return false;
        var before = row is null ? new TaxSettings() : ToSettings(row);
        if (row is null)
        {
            row = new TaxSettingsRow();
            db.Add(row);
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
            return true;
        }
        catch (DbUpdateException)
        {
            // Another instance inserted or bumped the row first.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private static TaxSettings ToSettings(TaxSettingsRow row) =>
        new() { TaxMode = row.TaxMode, TaxRatePercent = row.TaxRatePercent, TaxName = row.TaxName };
}
