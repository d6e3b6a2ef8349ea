using FibroStore.Ordering.Tests.Staff;
using FibroStore.Subscribers.Contracts;
using Npgsql;

namespace FibroStore.Ordering.Tests;

/// <summary>A store whose outbox tries a failed message again after a second, so a test can watch the retry happen.</summary>
public sealed class QuickRetryStore : StoreFactory
{
    public QuickRetryStore() => With("Outbox:RetryBaseSeconds", "1");
}

/// <summary>
/// Ordering tells the other modules what happened to an order through its outbox, in the same transaction as the change.
/// Faults are made in the real database: a trigger refuses one write, as a failing disk or a failover would.
/// </summary>
public sealed class OrderEventsTests(QuickRetryStore store) : IClassFixture<QuickRetryStore>
{
    [Fact]
    public async Task A_newsletter_join_that_fails_once_happens_when_the_outbox_tries_again_and_only_once()
    {
        var pad = await store.AddSellableProductAsync("Retry heat pad", 12m, 5);
        var email = $"retry-{Guid.NewGuid():N}@example.org";
        var refusal = $"the list is away {Guid.NewGuid():N}";
        var trigger = await RefuseAsync("subscribers.subscribers", $"NEW.normalized_email = '{email}'", refusal);

        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, pad.VariantId);
        var sessionId = await StoreFactory.StartCheckoutAsync(client, email, new Dictionary<string, string> { ["Input.JoinNewsletter"] = "true" });
        await store.Stripe.PayAsync(sessionId, email: email);
        await store.WaitUntilAsync(async () => await FailuresAsync(refusal) > 0, "the join's first failure");
        Assert.Equal(1, await store.CountOrdersForSessionAsync(sessionId));
        Assert.Equal(NewsletterStatus.NotSubscribed, await StatusAsync(email));

        await ExecuteAsync(trigger.Drop);
        await store.WaitUntilAsync(async () => await StatusAsync(email) == NewsletterStatus.AwaitingConfirmation, "the join on a later try", 60);
        await store.Mailbox.WaitForAsync(m => m.To == email && IsConfirmation(m.Subject));
        await store.DrainOutboxAsync();
        Assert.Single(store.Mailbox.To(email), m => IsConfirmation(m.Subject));

        // Delivered again, as after a crash between handling the event and marking it done: nothing more happens.
        var redelivered = await ExecuteAsync($"""
            UPDATE ordering.outbox_messages SET processed_at = NULL, next_attempt_at = now() - interval '1 second'
            WHERE type LIKE 'FibroStore.Ordering.Contracts.OrderPaid,%' AND payload->>'email' = '{email}'
            """);
        Assert.Equal(1, redelivered);
        await store.DrainOutboxAsync();
        Assert.Equal(0L, await ScalarAsync($"""
            SELECT count(*) FROM ordering.outbox_messages
            WHERE type LIKE 'FibroStore.Ordering.Contracts.OrderPaid,%' AND payload->>'email' = '{email}' AND processed_at IS NULL
            """));
        Assert.Single(store.Mailbox.To(email), m => IsConfirmation(m.Subject));
        Assert.Equal(1L, await ScalarAsync($"""
            SELECT count(*) FROM subscribers.subscriber_events e JOIN subscribers.subscribers s ON s.id = e.subscriber_id
            WHERE s.normalized_email = '{email}' AND e.what = 'joined'
            """));
    }

    [Fact]
    public async Task A_paid_order_and_its_events_are_saved_together_or_not_at_all()
    {
        var pad = await store.AddSellableProductAsync("Together pad", 16m, 5);
        var email = $"together-{Guid.NewGuid():N}@example.org";
        var refusal = $"the outbox is away {Guid.NewGuid():N}";
        var trigger = await RefuseAsync("ordering.outbox_messages",
            $"NEW.type LIKE 'FibroStore.Ordering.Contracts.OrderPaid,%' AND NEW.payload->>'email' = '{email}'", refusal);

        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, pad.VariantId, 2);
        var sessionId = await StoreFactory.StartCheckoutAsync(client, email);
        await store.Stripe.PayAsync(sessionId, email: email);
        await store.WaitUntilAsync(async () => await FailuresAsync(refusal) > 0, "the refused event");

        // The event could not be written, so neither was the order.
        Assert.Equal(0, await store.CountOrdersForSessionAsync(sessionId));

        await ExecuteAsync(trigger.Drop);
        await store.WaitUntilAsync(async () => await store.CountOrdersForSessionAsync(sessionId) == 1, "the order on a later try", 60);
        await store.DrainOutboxAsync();
        var order = await OrderForAsync(sessionId);
        Assert.Equal(OrderStatus.Paid, order.Status);
        // Catalog's sale is its own, idempotent step: sold once, however often the payment notice was tried.
        Assert.Equal((3, 0, 3), await store.StockOfAsync(pad.VariantId));
        Assert.Equal(1L, await EventCountAsync("OrderPlaced", order.Id));
        Assert.Equal(1L, await EventCountAsync("OrderPaid", order.Id));
    }

    [Fact]
    public async Task Shipping_is_saved_with_its_event_or_not_at_all()
    {
        var pad = await store.AddSellableProductAsync("Shipped pad", 9m, 5);
        var number = await store.PlaceOrderAsync(pad, 1, $"shipped-{Guid.NewGuid():N}@example.org");
        var order = await store.OrderAsync(number);
        var trigger = await RefuseAsync("ordering.outbox_messages",
            $"NEW.type LIKE 'FibroStore.Ordering.Contracts.OrderShipped,%' AND NEW.payload->>'number' = '{number}'", "the outbox is away");
        var staff = await store.MerchandiserAsync();
        var fields = new Dictionary<string, string> { ["Ship.Carrier"] = "Royal Mail", ["Ship.Tracking"] = "AB123456789GB", ["Ship.OtherCarrierName"] = "" };

        var refused = await staff.PostFormAsync($"/staff/orders/{number}", fields, $"/staff/orders/{number}?handler=Ship");

        Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(OrderStatus.Paid, (await store.OrderAsync(number)).Status);
        Assert.Equal(0L, await EventCountAsync("OrderShipped", order.Id));

        await ExecuteAsync(trigger.Drop);
        var shipped = await staff.PostFormAsync($"/staff/orders/{number}", fields, $"/staff/orders/{number}?handler=Ship");

        StaffOrderHelpers.AssertRedirectedTo(shipped, $"/staff/orders/{number}");
        Assert.Equal(OrderStatus.Shipped, (await store.OrderAsync(number)).Status);
        Assert.Equal(1L, await EventCountAsync("OrderShipped", order.Id));
    }

    [Fact]
    public async Task A_refund_and_a_cancellation_are_each_told_once_with_what_listeners_need()
    {
        var pad = await store.AddSellableProductAsync("Told pad", 10m, 10);
        var paid = await store.PlaceOrderAsync(pad, 2, $"told-{Guid.NewGuid():N}@example.org");
        var waiting = await store.PlaceOrderAsync(pad, 1, $"waiting-{Guid.NewGuid():N}@example.org", bankTransfer: true);
        var staff = await store.MerchandiserAsync();

        var refundId = await StaffOrderHelpers.RefundIdOnPageAsync(staff, paid);
        var refund = new Dictionary<string, string>
        {
            ["Refund.RefundId"] = refundId, ["Refund.Reason"] = "Arrived damaged", ["Refund.Quantities[0]"] = "1", ["Refund.Restock"] = "true",
        };
        StaffOrderHelpers.AssertRedirectedTo(await staff.PostFormAsync($"/staff/orders/{paid}", refund, $"/staff/orders/{paid}?handler=Refund"),
            $"/staff/orders/{paid}?refund=");
        StaffOrderHelpers.AssertRedirectedTo(await staff.PostFormAsync($"/staff/orders/{waiting}", new Dictionary<string, string>(), $"/staff/orders/{waiting}?handler=Cancel"),
            $"/staff/orders/{waiting}?done=cancelled");
        await store.DrainOutboxAsync();

        var refunded = await store.OrderAsync(paid);
        Assert.Equal(1L, await EventCountAsync("OrderRefunded", refunded.Id,
            $"payload->>'refundId' = '{refundId}' AND (payload->>'amount')::numeric = 10 AND payload->'restock'->0->>'variantId' = '{pad.VariantId}'"));
        Assert.Equal(1L, await EventCountAsync("OrderCancelled", (await store.OrderAsync(waiting)).Id));
        Assert.Equal(0L, await EventCountAsync("OrderPaid", (await store.OrderAsync(waiting)).Id));
        // The restock came from the event: 10 - 2 sold - 1 held by the waiting order + 1 back, and the cancelled order's 1 back.
        Assert.Equal((9, 0, 9), await store.StockOfAsync(pad.VariantId));
    }

    private static bool IsConfirmation(string subject) => subject.Contains("confirm your subscription", StringComparison.Ordinal);

    private Task<NewsletterStatus> StatusAsync(string email) =>
        store.InScopeAsync(sp => sp.GetRequiredService<INewsletterMembership>().GetAsync(email, CancellationToken.None));

    private Task<Order> OrderForAsync(string sessionId) =>
        store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Data.OrderingDbContext>();
            return await db.Orders.AsNoTracking().SingleAsync(o => db.Checkouts.Any(c => c.Id == o.CheckoutId && c.SessionId == sessionId));
        });

    private sealed record Refusal(string Drop);

    /// <summary>A trigger that makes the database refuse a row matching <paramref name="condition"/> until it is dropped.</summary>
    private async Task<Refusal> RefuseAsync(string table, string condition, string message)
    {
        var name = $"refuse_{Guid.NewGuid():N}";
        var schema = table.Split('.')[0];
        await ExecuteAsync($"""
            CREATE FUNCTION {schema}.{name}() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN RAISE EXCEPTION '{message}'; END $f$;
            CREATE TRIGGER {name} BEFORE INSERT ON {table} FOR EACH ROW WHEN ({condition}) EXECUTE FUNCTION {schema}.{name}();
            """);
        return new Refusal($"DROP TRIGGER {name} ON {table}; DROP FUNCTION {schema}.{name}();");
    }

    /// <summary>Failed attempts recorded with this error in Ordering's or Payments' outbox.</summary>
    private Task<long> FailuresAsync(string error) =>
        ScalarAsync($"""
            SELECT (SELECT count(*) FROM ordering.outbox_messages WHERE last_error LIKE '%{error}%')
                 + (SELECT count(*) FROM payments.outbox_messages WHERE last_error LIKE '%{error}%')
            """);

    private Task<long> EventCountAsync(string type, Guid orderId, string? also = null) =>
        ScalarAsync($"""
            SELECT count(*) FROM ordering.outbox_messages
            WHERE type LIKE 'FibroStore.Ordering.Contracts.{type},%' AND payload->>'orderId' = '{orderId}' AND {also ?? "true"}
            """);

    private async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(store.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(store.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
