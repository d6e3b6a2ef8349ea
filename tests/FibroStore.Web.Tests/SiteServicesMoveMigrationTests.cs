using System.Reflection;
using FibroStore.Ordering.Contracts;
using FibroStore.SiteServices.Contracts;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace FibroStore.Web.Tests;

/// <summary>
/// Site settings, the audit trail and the request throttle moved from BackOffice's schema to SiteServices', and the tax
/// rule from the settings to Ordering. A database filled before the move, the way the store then wrote it, keeps every
/// row through the migrations.
/// </summary>
public sealed class SiteServicesMoveMigrationTests(ITestOutputHelper output)
{
    /// <summary>SiteServices' first migration, the earliest of the move: the database is migrated to just before it.</summary>
    private const string FirstMigrationOfTheMove = "20261205212016_Initial";

    private static readonly string[] Modules = ["Accounts", "BackOffice", "Catalog", "Editorial", "Ordering", "Payments", "Subscribers", "SiteServices"];

    private static readonly Guid PendingAudit = Guid.Parse("0193a5b0-0000-7000-8000-00000000a0d1");

    // The site settings as the store wrote them before the move: every property of the record then, enums as numbers.
    private const string OldSettingsJson = """
        {"storeName":"Quiet Days","tagline":"Soft things for hard days","aboutText":"Run by two people with fibromyalgia.",
         "contactEmail":"hello@quietdays.example","postalAddress":"4 Mill Lane, Hebden Bridge","timeZoneId":"Europe/London",
         "emailSenderName":"Quiet Days","emailSenderAddress":"hello@quietdays.example",
         "communityLinks":[{"title":"Support group","url":"https://group.example.org/"}],"sisterSites":[],
         "shopCallToAction":"Browse the comfort shop","contentProtection":true,"taxMode":1,"taxRatePercent":20,"taxName":"GST",
         "returnsDays":14,"replyModeration":0,"replyMaxLinks":1,"staffTwoStepRequired":true,"staffIdleMinutes":45,
         "staffSessionHours":10,"features":{}}
        """;

    [Fact]
    public async Task A_database_filled_before_the_move_keeps_every_setting_audit_row_throttle_count_and_tax_rule()
    {
        var database = await TestDatabase.CreateAsync();
        await MigrateToJustBeforeTheMoveAsync(database.ConnectionString);
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await FillAsTheOldStoreDidAsync(connection);
        }
        var settingsBefore = await ReadAsync(database.ConnectionString, SettingsRows("backoffice"));
        var auditBefore = await ReadAsync(database.ConnectionString, AuditRows("backoffice"));
        var throttleBefore = await ReadAsync(database.ConnectionString, ThrottleRowsBeforeTheMove);

        // The store migrates to the latest schema as it starts.
        var store = new StoreFactory().OnDatabase(database);
        await store.InitializeAsync();
        try
        {
            Assert.Equal(settingsBefore, await ReadAsync(database.ConnectionString, SettingsRows("siteservices")));
            Assert.Equal(auditBefore, await ReadAsync(database.ConnectionString, AuditRows("siteservices")));
            Assert.Equal(throttleBefore, await ReadAsync(database.ConnectionString, ThrottleRowsNow));
            Assert.Contains("staff.invited", auditBefore, StringComparison.Ordinal);
            Assert.Equal(2, throttleBefore.Split('\n').Length);
            foreach (var table in new[] { "site_settings", "audit_entries", "throttle_hits" })
                Assert.True((bool)(await store.SqlAsync($"SELECT to_regclass('backoffice.{table}') IS NULL"))!, $"backoffice.{table} is still there");

            var settings = await store.Services.GetRequiredService<ISiteSettings>().GetAsync(CancellationToken.None);
            Assert.Equal(("Quiet Days", 14, 45, "Support group"),
                (settings.StoreName, settings.ReturnsDays, settings.StaffIdleMinutes, settings.CommunityLinks.Single().Title));

            var tax = await store.InScopeAsync(sp => sp.GetRequiredService<ITaxSettings>().LoadAsync(CancellationToken.None));
            Assert.Equal((TaxMode.IncludedInPrices, 20m, "GST"), (tax.Settings.TaxMode, tax.Settings.TaxRatePercent, tax.Settings.TaxName));

            // Events waiting in an outbox named types that moved; they are still delivered.
            await store.DrainOutboxAsync();
            Assert.Equal("settings", (string?)await store.SqlAsync("SELECT area FROM siteservices.audit_entries WHERE id = @id", ("id", PendingAudit)));
            Assert.Equal("About us", (string?)await store.SqlAsync("SELECT title FROM backoffice.site_pages WHERE slug = 'about-us'"));
        }
        finally
        {
            await ((IAsyncLifetime)store).DisposeAsync();
        }
    }

    private async Task MigrateToJustBeforeTheMoveAsync(string connectionString)
    {
        foreach (var module in Modules)
        {
            var contextType = Assembly.Load($"FibroStore.{module}").GetTypes().Single(t => typeof(DbContext).IsAssignableFrom(t) && !t.IsAbstract);
            var schema = (string)contextType.GetField("Schema", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            var builder = (DbContextOptionsBuilder)Activator.CreateInstance(typeof(DbContextOptionsBuilder<>).MakeGenericType(contextType))!;
            builder.UseNpgsql(connectionString, o => o.MigrationsHistoryTable("__EFMigrationsHistory", schema)).UseSnakeCaseNamingConvention();
            await using var db = (DbContext)Activator.CreateInstance(contextType, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance,
                null, [builder.Options], null)!;
            var target = db.Database.GetMigrations().LastOrDefault(id => string.CompareOrdinal(id, FirstMigrationOfTheMove) < 0);
            output.WriteLine($"{module}: {target ?? "nothing"}");
            if (target is not null)
                await db.Database.MigrateAsync(target);
        }
    }

    /// <summary>Rows written with the SQL and JSON the store used before the move.</summary>
    private static async Task FillAsTheOldStoreDidAsync(NpgsqlConnection connection)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("""
                    INSERT INTO backoffice.site_settings (id, json, version, updated_at, updated_by)
                    VALUES (1, @json::jsonb, 3, '2026-11-20 09:15:00+00', 'admin-1')
                    """) { Parameters = { new NpgsqlParameter("json", OldSettingsJson) } },
                new NpgsqlBatchCommand("""
                    INSERT INTO backoffice.audit_entries (id, at, actor_id, area, action, entity_type, entity_id, before, after) VALUES
                    ('0193a5b0-0000-7000-8000-000000000001', '2026-11-20 09:15:00+00', 'admin-1', 'settings', 'settings.changed', 'SiteSettings', 'site', '{"storeName":"FibroStore"}', '{"storeName":"Quiet Days"}'),
                    ('0193a5b0-0000-7000-8000-000000000002', '2026-11-21 14:02:11+00', 'admin-1', 'accounts', 'staff.invited', 'Account', 'u-42', NULL, '{"roles":["Editor"]}'),
                    ('0193a5b0-0000-7000-8000-000000000003', '2026-11-22 08:00:00+00', 'store', 'orders', 'order.payment-refused', 'Order', '1007', NULL, NULL)
                    """),
                new NpgsqlBatchCommand("""
                    INSERT INTO backoffice.throttle_hits (key, at) VALUES
                    ('9F2C1B7E4A0D8C3B6E5F1A2D4C7B9E0F1A3C5E7B9D1F3A5C7E9B1D3F5A7C9E1B', now() - interval '5 minutes'),
                    ('0A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F9', now() - interval '2 minutes')
                    """),
                new NpgsqlBatchCommand("""
                    INSERT INTO editorial.outbox_messages (id, type, payload, occurred_at, attempts, next_attempt_at) VALUES
                    (@audit, 'FibroStore.BackOffice.Contracts.StaffActionAudited, FibroStore.BackOffice.Contracts',
                     @auditPayload::jsonb, now(), 0, now()),
                    ('0193a5b0-0000-7000-8000-00000000a0d2', 'FibroStore.BackOffice.Contracts.InformationPageSupplied, FibroStore.BackOffice.Contracts',
                     '{"slug":"about-us","title":"About us","html":"<p>Who we are.</p>","replaceIfUnchangedSince":null,"at":"2026-11-23T10:00:00+00:00","eventId":"0193a5b0-0000-7000-8000-00000000a0d2"}'::jsonb, now(), 0, now())
                    """)
                {
                    Parameters =
                    {
                        new NpgsqlParameter("audit", PendingAudit),
                        new NpgsqlParameter("auditPayload", $$"""{"actorId":"admin-1","area":"settings","action":"settings.changed","entityType":"SiteSettings","entityId":"site","before":null,"after":null,"at":"2026-11-23T10:00:00+00:00","eventId":"{{PendingAudit}}"}"""),
                    },
                },
            },
        };
        await batch.ExecuteNonQueryAsync();
    }

    private static string SettingsRows(string schema) =>
        $"SELECT string_agg(concat_ws('|', id, json::text, version, updated_at, updated_by), E'\\n' ORDER BY id) FROM {schema}.site_settings";

    private static string AuditRows(string schema) =>
        $"SELECT string_agg(concat_ws('|', id, at, actor_id, area, action, entity_type, entity_id, before::text, after::text), E'\\n' ORDER BY id) FROM {schema}.audit_entries WHERE id <> '{PendingAudit}'";

    private const string ThrottleRowsBeforeTheMove =
        "SELECT string_agg(concat_ws('|', key, at, at, 1), E'\\n' ORDER BY key) FROM backoffice.throttle_hits";

    /// <summary>Each attempt counted before the move is now a slice of its own, counting one, that starts and ends when it was made.</summary>
    private const string ThrottleRowsNow =
        "SELECT string_agg(concat_ws('|', key, slice_start, last_at, count), E'\\n' ORDER BY key) FROM siteservices.throttle_counts";

    private static async Task<string> ReadAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
