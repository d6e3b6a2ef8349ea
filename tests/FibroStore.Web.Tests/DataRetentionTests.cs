using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FibroStore.SiteServices.Contracts;
using FibroStore.SharedKernel.Data;
using FibroStore.SharedKernel.Privacy;

namespace FibroStore.Web.Tests;

/// <summary>The store with a known throttle secret, so a test can work out what a stored key must be.</summary>
public sealed class RetentionStore : StoreFactory
{
    public const string ThrottleSecret = "a-long-random-throttle-secret-for-tests";

    public RetentionStore() => With("Throttle:KeySecret", ThrottleSecret);

    /// <summary>One round of every retention task, as the hourly sweeper runs them.</summary>
    public Task SweepAsync() => InScopeAsync(async sp =>
    {
        foreach (var task in sp.GetServices<IRetentionTask>())
            await task.SweepAsync(CancellationToken.None);
    });
}

/// <summary>What the store keeps only for a while: processed outbox messages, Stripe's payloads and throttle counts.</summary>
public sealed class DataRetentionTests(RetentionStore store) : IClassFixture<RetentionStore>
{
    [Fact]
    public async Task Processed_outbox_messages_are_deleted_after_30_days_from_every_modules_outbox()
    {
        var schemas = store.Services.GetServices<IModuleDatabase>().Select(m => m.Schema).ToList();
        Assert.Contains("ordering", schemas);
        Assert.Contains("accounts", schemas);
        var marker = Guid.NewGuid().ToString("N");
        foreach (var schema in schemas)
        {
            await AddOutboxRowAsync(schema, marker, "old", processedDaysAgo: 31);
            await AddOutboxRowAsync(schema, marker, "recent", processedDaysAgo: 29);
            await AddOutboxRowAsync(schema, marker, "parked", processedDaysAgo: null);
        }

        await store.SweepAsync();

        foreach (var schema in schemas)
        {
            var left = await OutboxRowsAsync(schema, marker);
            Assert.Equal(["parked", "recent"], left);
        }
    }

    [Fact]
    public async Task Stripe_payloads_older_than_90_days_keep_only_what_identifies_the_payment()
    {
        var oldId = $"evt_{Guid.NewGuid():N}";
        var recentId = $"evt_{Guid.NewGuid():N}";
        var checkoutId = Guid.NewGuid().ToString();
        await AddWebhookEventAsync(oldId, checkoutId, receivedDaysAgo: 91);
        await AddWebhookEventAsync(recentId, checkoutId, receivedDaysAgo: 89);

        await store.SweepAsync();
        await store.SweepAsync();

        var reduced = await PayloadAsync(oldId);
        Assert.DoesNotContain("Morgan", reduced, StringComparison.Ordinal);
        Assert.DoesNotContain("morgan.rivers@example.org", reduced, StringComparison.Ordinal);
        Assert.DoesNotContain("Harbour Street", reduced, StringComparison.Ordinal);
        Assert.DoesNotContain("+44", reduced, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(reduced);
        Assert.Equal(oldId, json.RootElement.GetProperty("id").GetString());
        Assert.Equal("checkout.session.completed", json.RootElement.GetProperty("type").GetString());
        var session = json.RootElement.GetProperty("data").GetProperty("object");
        Assert.Equal("cs_test_retention", session.GetProperty("id").GetString());
        Assert.Equal(4200, session.GetProperty("amount_total").GetInt32());
        Assert.Equal("gbp", session.GetProperty("currency").GetString());
        Assert.Equal("pi_retention", session.GetProperty("payment_intent").GetString());
        Assert.Equal(checkoutId, session.GetProperty("client_reference_id").GetString());
        Assert.Equal(checkoutId, session.GetProperty("metadata").GetProperty("checkout_id").GetString());
        Assert.False(session.TryGetProperty("customer_details", out _));

        Assert.Contains("morgan.rivers@example.org", await PayloadAsync(recentId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throttle_keys_are_stored_as_keyed_hashes_and_counts_are_forgotten_after_a_day()
    {
        var key = $"accounts-email:throttled-{Guid.NewGuid():N}@example.org";
        var throttle = store.Services.GetRequiredService<IRequestThrottle>();
        Assert.True(await throttle.TryAcquireAsync(key, 5, TimeSpan.FromHours(1), CancellationToken.None));

        var keyed = Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(RetentionStore.ThrottleSecret), Encoding.UTF8.GetBytes(key)));
        var plain = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        Assert.Equal(1L, await CountThrottleAsync(keyed));
        Assert.Equal(0L, await CountThrottleAsync(plain));

        var stale = $"stale-{Guid.NewGuid():N}";
        var fresh = $"fresh-{Guid.NewGuid():N}";
        await store.SqlAsync("INSERT INTO siteservices.throttle_counts (key, slice_start, count, last_at) VALUES (@k, now() - interval '25 hours', 1, now() - interval '25 hours')", ("k", stale));
        await store.SqlAsync("INSERT INTO siteservices.throttle_counts (key, slice_start, count, last_at) VALUES (@k, now() - interval '23 hours', 1, now() - interval '23 hours')", ("k", fresh));

        await store.SweepAsync();

        Assert.Equal(0L, await CountThrottleAsync(stale));
        Assert.Equal(1L, await CountThrottleAsync(fresh));
        Assert.Equal(1L, await CountThrottleAsync(keyed));
    }

    private async Task<long> CountThrottleAsync(string storedKey) =>
        (long)(await store.SqlAsync("SELECT coalesce(sum(count), 0)::bigint FROM siteservices.throttle_counts WHERE key = @k", ("k", storedKey)))!;

    private Task AddOutboxRowAsync(string schema, string marker, string name, int? processedDaysAgo) =>
        store.SqlAsync($"""
            INSERT INTO "{schema}".outbox_messages (id, type, payload, occurred_at, processed_at, attempts, next_attempt_at, parked_at)
            VALUES (gen_random_uuid(), 'Retention.Test, Nowhere', jsonb_build_object('marker', @marker::text, 'name', @name::text), now() - interval '40 days',
                    CASE WHEN @processed::int IS NULL THEN NULL ELSE now() - make_interval(days => @processed::int) END, 0, now(),
                    CASE WHEN @processed::int IS NULL THEN now() ELSE NULL END)
            """, ("marker", marker), ("name", name), ("processed", (object?)processedDaysAgo ?? DBNull.Value));

    private async Task<List<string>> OutboxRowsAsync(string schema, string marker)
    {
        var names = (string?)await store.SqlAsync(
            $"SELECT string_agg(payload->>'name', ',' ORDER BY payload->>'name') FROM \"{schema}\".outbox_messages WHERE payload->>'marker' = @marker",
            ("marker", marker));
        return names?.Split(',').ToList() ?? [];
    }

    /// <summary>A checkout.session.completed event shaped like Stripe's documented one, with the payer's details.</summary>
    private Task AddWebhookEventAsync(string id, string checkoutId, int receivedDaysAgo)
    {
        var payload = $$"""
            {
              "id": "{{id}}", "object": "event", "api_version": "2025-09-30.clover", "created": 1764000000, "livemode": false,
              "type": "checkout.session.completed", "pending_webhooks": 1,
              "request": { "id": null, "idempotency_key": null },
              "data": { "object": {
                "id": "cs_test_retention", "object": "checkout.session", "amount_subtotal": 3800, "amount_total": 4200,
                "client_reference_id": "{{checkoutId}}", "currency": "gbp", "mode": "payment",
                "customer_details": { "email": "morgan.rivers@example.org", "name": "Morgan Rivers", "phone": "+44 7700 900123",
                  "address": { "line1": "8 Harbour Street", "city": "Whitby", "postal_code": "YO21 3PU", "country": "GB" } },
                "collected_information": { "shipping_details": { "name": "Morgan Rivers",
                  "address": { "line1": "8 Harbour Street", "city": "Whitby", "postal_code": "YO21 3PU", "country": "GB" } } },
                "metadata": { "checkout_id": "{{checkoutId}}" },
                "payment_intent": "pi_retention", "payment_status": "paid", "status": "complete"
              } }
            }
            """;
        return store.SqlAsync("""
            INSERT INTO payments.webhook_events (id, type, payload, handled, received_at)
            VALUES (@id, 'checkout.session.completed', @payload::jsonb, true, now() - make_interval(days => @days))
            """, ("id", id), ("payload", payload), ("days", receivedDaysAgo));
    }

    private async Task<string> PayloadAsync(string id) =>
        (string)(await store.SqlAsync("SELECT payload::text FROM payments.webhook_events WHERE id = @id", ("id", id)))!;
}
