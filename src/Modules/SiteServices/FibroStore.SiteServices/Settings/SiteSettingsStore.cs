using FibroStore.SharedKernel.Results;
using System.Text.Json;
using FibroStore.SharedKernel.Clustering;
using FibroStore.SharedKernel.Email;
using Microsoft.Extensions.DependencyInjection;

namespace FibroStore.SiteServices.Settings;

/// <summary>
/// Settings live in PostgreSQL; each instance keeps a copy (<see cref="SignalledCache{T}"/>) that a NOTIFY from any
/// instance drops at once.
/// </summary>
internal sealed class SiteSettingsStore(IServiceScopeFactory scopes, IClusterSignals signals, IPageCache pageCache, TimeProvider clock)
    : ISiteSettings, ISiteSettingsEditor, IMailSenderIdentity, IClusterSignalHandler
{
    internal const string SignalTopic = "site-settings";
    private readonly SignalledCache<VersionedSiteSettings> cached = new(SignalTopic, TimeSpan.FromSeconds(60), clock);

    public string Topic => cached.Topic;

    // The settings read last, kept when the copy is dropped: what pages (the 503 page among them) show while the
    // database cannot be reached.
    private volatile SiteSettings? lastRead;

    public async ValueTask<SiteSettings> GetAsync(CancellationToken ct)
    {
        try
        {
            return (await cached.GetAsync(ReadAsync, ct)).Settings;
        }
        // Once set, lastRead is only ever replaced, never cleared.
        catch (Exception ex) when (lastRead is not null && DatabaseRetry.IsUnavailable(ex))
        {
            return lastRead;
        }
    }

    public async ValueTask<(string Name, string Address)> GetFromAsync(CancellationToken ct)
    {
        var settings = await GetAsync(ct);
        return (settings.EmailSenderName, settings.EmailSenderAddress);
    }

    public Task HandleAsync(string? data, CancellationToken ct) => cached.HandleAsync(data, ct);

    public async Task<VersionedSiteSettings> LoadAsync(CancellationToken ct) => await cached.GetAsync(ReadAsync, ct);

    private async Task<VersionedSiteSettings> ReadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteServicesDbContext>();
        var row = await db.SiteSettings.AsNoTracking().SingleOrDefaultAsync(ct);
        var settings = row is null ? new SiteSettings() : Deserialize(row.Json);
        lastRead = settings;
        return new VersionedSiteSettings(settings, row?.Version ?? 0);
    }

    private static readonly Refusal EditedMeanwhile =
        Refusal.Conflict("Someone else changed the settings while you were editing. Your changes were not saved; the form now shows theirs.");

    public async Task<Outcome> SaveAsync(SiteSettings updated, int expectedVersion, string actorId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteServicesDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await db.SiteSettings.SingleOrDefaultAsync(ct);
        var before = row is null ? new SiteSettings() : Deserialize(row.Json);
        if ((row?.Version ?? 0) != expectedVersion)
            return EditedMeanwhile;
        if (row is null)
        {
            row = new SiteSettingsRow();
            db.SiteSettings.Add(row);
        }
        var now = clock.GetUtcNow();
        row.Json = JsonSerializer.Serialize(updated, OutboxJson.Options);
        row.Version = expectedVersion + 1;
        row.UpdatedAt = now;
        row.UpdatedBy = actorId;
        AuditTrail.Record(db, now, actorId, AuditAreas.Settings, "settings.changed", "SiteSettings", "site",
            before, updated);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance inserted or bumped the row first.
            return EditedMeanwhile;
        }
        await signals.PublishAsync((NpgsqlConnection)db.Database.GetDbConnection(), SignalTopic, row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        await tx.CommitAsync(ct);
        cached.Drop();
        // The store name, footer links and about text are in every page, so every cached page is now stale.
        await pageCache.EvictAsync(PageCacheTags.All, ct);
        return Outcome.Done;
    }

    private static SiteSettings Deserialize(string json) =>
        JsonSerializer.Deserialize<SiteSettings>(json, OutboxJson.Options) ?? new SiteSettings();
}
