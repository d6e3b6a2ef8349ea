namespace FibroStore.StripeEmulator.Tests;

public sealed class WebhookAndExpiryTests : IAsyncLifetime
{
    private readonly EmulatorHost host = new();

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task The_background_loop_expires_a_session_once_the_clock_passes_expires_at()
    {
        var session = await host.CreateSessionAsync(change: o => o.ExpiresAt = host.Clock.GetUtcNow().UtcDateTime.AddMinutes(31));
        Assert.Equal("open", host.Emulator.GetSession(session.Id)!.Status);

        host.Clock.Advance(TimeSpan.FromMinutes(32));
        var expired = await host.Receiver.WaitForAsync("checkout.session.expired");

        Assert.Equal((session.Id, "expired"), (((Session)expired.Data.Object).Id, ((Session)expired.Data.Object).Status));
        Assert.Equal("expired", (await host.Sessions.GetAsync(session.Id)).Status);
        Assert.Equal(PaymentResult.SessionNotOpen, (await host.Emulator.PayAsync(session.Id)).Result);
    }

    [Fact]
    public async Task A_delivery_the_store_refuses_twice_is_retried_until_it_is_taken()
    {
        host.Receiver.FailNext(2);
        var session = await host.CreateSessionAsync();

        await host.Emulator.ExpireAsync(session.Id);
        var delivered = await host.Receiver.WaitForAsync("checkout.session.expired");

        Assert.Equal([500, 500, 200], host.Receiver.Attempts.Where(a => a.EventId == delivered.Id).Select(a => a.Answered));
    }

    [Fact]
    public async Task Paused_events_can_be_delivered_by_hand_duplicated_and_shuffled_then_released()
    {
        host.Emulator.PauseDeliveries();
        var session = await host.CreateSessionAsync();
        await host.Emulator.PayAsync(session.Id);
        var raised = host.Emulator.Events;
        Assert.Equal(["payment_intent.succeeded", "charge.succeeded", "checkout.session.completed"], raised.Select(e => e.Type));
        Assert.Empty(host.Receiver.Attempts);

        var order = raised.Concat(raised).Reverse().ToList();
        var statuses = new List<int>();
        foreach (var e in order)
            statuses.Add(await host.Emulator.DeliverAsync(e.Id));

        Assert.All(statuses, s => Assert.Equal(200, s));
        Assert.Equal(order.Select(e => e.Id), host.Receiver.Received.Select(e => e.Id));
        host.Emulator.ResumeDeliveries();
        await host.Receiver.WaitForCountAsync(order.Count + raised.Count);
        Assert.Equal(3, host.Receiver.Received.Skip(order.Count).Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public void The_signature_verifies_only_the_payload_it_was_made_for()
    {
        var payload = """{"id":"evt_1","object":"event","api_version":"API","type":"ping","data":{"object":{"id":"x","object":"coupon"}}}"""
            .Replace("API", StripeConfiguration.ApiVersion, StringComparison.Ordinal);
        var header = Webhooks.WebhookSignature.Header(System.Text.Encoding.UTF8.GetBytes(payload), DateTimeOffset.UtcNow.ToUnixTimeSeconds(), EmulatorHost.Secret);

        var verified = EventUtility.ConstructEvent(payload, header, EmulatorHost.Secret);

        Assert.Equal("evt_1", verified.Id);
        Assert.Throws<StripeException>(() => EventUtility.ConstructEvent(payload.Replace("ping", "pong", StringComparison.Ordinal), header, EmulatorHost.Secret));
        Assert.Throws<StripeException>(() => EventUtility.ConstructEvent(payload, header, "whsec_other"));
    }
}
