using System.Collections.Concurrent;
using System.Globalization;
using FibroStore.Editorial.Pages.Staff.Articles;
using Mediator;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace FibroStore.Web.Tests;

/// <summary>What an operator sees: the Prometheus scrape endpoint and its measures, and logs that name their request or message.</summary>
public sealed class ObservabilityTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_scrape_endpoint_listens_apart_from_the_store_and_carries_every_named_measure()
    {
        var port = StoreFactory.FreePort();
        // A real Kestrel: the scrape endpoint is a second address of the store's own server.
        var store = new StoreFactory().With("OpenTelemetry:PrometheusListen", $"127.0.0.1:{port}").OnRealPort();
        await ((IAsyncLifetime)store).InitializeAsync();
        try
        {
            // A campaign email goes out (the send rate) …
            var subscriber = $"metrics-{Guid.NewGuid():N}@example.org";
            await store.SqlAsync("""
                INSERT INTO subscribers.subscribers (id, email, normalized_email, status, preference, created_at, updated_at, confirmed_at)
                VALUES (gen_random_uuid(), @email, @email, 'Confirmed', 'EachArticle', now(), now(), now())
                """, ("email", subscriber));
            await PublishToSubscribersAsync(store);
            await store.WaitUntilAsync(async () => store.Mailbox.Messages.Any(m => m.To.Contains(subscriber, StringComparison.OrdinalIgnoreCase))
                && Convert.ToInt64(await store.SqlAsync("SELECT count(*) FROM subscribers.deliveries WHERE status = 'Pending'"), CultureInfo.InvariantCulture) == 0,
                "the campaign email", seconds: 30);
            // … one message waits (not yet due), one is on hold, and a payment notice waits (webhook lag).
            var sinceWritten = System.Diagnostics.Stopwatch.StartNew();
            await store.SqlAsync("""
                INSERT INTO ordering.outbox_messages (id, type, payload, occurred_at, attempts, next_attempt_at)
                VALUES (gen_random_uuid(), 'Waiting', '{}', now() - interval '90 seconds', 0, now() + interval '1 hour');
                INSERT INTO accounts.outbox_messages (id, type, payload, occurred_at, attempts, next_attempt_at, parked_at)
                VALUES (gen_random_uuid(), 'Parked', '{}', now(), 10, now(), now());
                INSERT INTO payments.outbox_messages (id, type, payload, occurred_at, attempts, next_attempt_at)
                VALUES (gen_random_uuid(), 'Waiting', '{}', now() - interval '40 seconds', 1, now() + interval '1 hour');
                """);
            // One server: the scrape endpoint is an address of the store's own Kestrel, beside the store's address.
            var addresses = store.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            Assert.Contains($"http://127.0.0.1:{port}", addresses);
            Assert.Contains(store.RootUri.ToString().TrimEnd('/'), addresses);
            using var client = new HttpClient { BaseAddress = store.RootUri };
            Assert.NotEqual(port, store.RootUri.Port);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/shop")).StatusCode);
            await WaitForAPooledConnectionAsync(store);
            // The store's own port has no such page, whatever port the Host header names.
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
            using var namingTheScrapePort = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            namingTheScrapePort.Headers.Host = $"127.0.0.1:{port}";
            Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(namingTheScrapePort)).StatusCode);

            using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var text = await scraper.GetStringAsync("/metrics");
            var waited = sinceWritten.Elapsed.TotalSeconds;
            output.WriteLine(string.Join('\n', text.Split('\n').Where(l => !l.StartsWith('#') && !l.Contains("_bucket{", StringComparison.Ordinal))));
            // No store page answers on the scrape endpoint.
            foreach (var page in new[] { "/", "/shop", "/search?q=heat", "/health/ready", "/Identity/Account/Login", "/staff", "/metrics/" })
                Assert.True((await scraper.GetAsync(page)).StatusCode == HttpStatusCode.NotFound, $"{page} answered on the scrape endpoint");

            // Request duration per page (route).
            Assert.Matches("http_server_request_duration_seconds_bucket\\{[^}]*http_route=\"shop\"", text);
            // Pool usage and waits (Npgsql's meter).
            Assert.Matches("db_client_connection_count\\{[^}]*db_client_connection_state=\"used\"", text);
            Assert.Contains("db_client_connection_max{", text, StringComparison.Ordinal);
            Assert.Contains("db_client_connection_npgsql_pending_requests{", text, StringComparison.Ordinal);
            // Outbox backlog and age per module, parked messages, webhook lag, campaign send rate.
            Assert.Matches("fibrostore_outbox_backlog\\{[^}]*module=\"ordering\"[^}]*\\} 1", text);
            AssertAge(text, "fibrostore_outbox_oldest_age_seconds\\{[^}]*module=\"ordering\"[^}]*\\}", 90, waited);
            Assert.Matches("fibrostore_outbox_parked\\{[^}]*module=\"accounts\"[^}]*\\} 1", text);
            AssertAge(text, "fibrostore_webhook_lag_seconds(\\{[^}]*\\})?", 40, waited);
            Assert.Matches("fibrostore_campaign_deliveries_total\\{[^}]*status=\"Sent\"[^}]*\\} [1-9]", text);
        }
        finally
        {
            await ((IAsyncLifetime)store).DisposeAsync();
        }
    }

    [Fact]
    public async Task Logs_carry_the_request_id_and_the_outbox_message_id_they_were_written_under()
    {
        var logs = new ScopedLogs();
        // Nothing listens on the relay's port, so an email message fails and its failure is logged.
        var store = new StoreFactory()
            .With("Smtp:Port", StoreFactory.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithServices(services => services.AddSingleton<ILoggerProvider>(logs));
        await ((IAsyncLifetime)store).InitializeAsync();
        try
        {
            Assert.True(store.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue.IncludeScopes,
                "Production's JSON log lines would leave out the request and message ids.");

            using var client = store.CreateBrowserClient();
            using var unsigned = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent("{}") };
            unsigned.Headers.Add("Stripe-Signature", "t=1,v1=00");
            Assert.Equal(HttpStatusCode.BadRequest, (await client.Http.SendAsync(unsigned)).StatusCode);
            var refused = Assert.Single(logs.Entries, e => e.Message.StartsWith("Refused a Stripe webhook", StringComparison.Ordinal));
            Assert.True(refused.Scope.TryGetValue("RequestId", out var requestId) && requestId is string { Length: > 0 },
                $"No request id in the scope: {string.Join(", ", refused.Scope.Keys)}");
            Assert.Equal("/webhooks/stripe", refused.Scope["RequestPath"]);

            var id = await OutboxRows.InsertEmailAsync(store, $"scoped-{Guid.NewGuid():N}@example.org");
            await store.WaitUntilAsync(() => Task.FromResult(logs.Entries.Any(e => e.Message.Contains(id.ToString(), StringComparison.Ordinal))),
                "the failed message's log line", seconds: 30);
            var failed = logs.Entries.First(e => e.Message.Contains(id.ToString(), StringComparison.Ordinal));
            Assert.Equal(id, failed.Scope.GetValueOrDefault("OutboxMessageId"));
            Assert.Contains("EmailRequested", (string)failed.Scope["OutboxMessageType"]!, StringComparison.Ordinal);
        }
        finally
        {
            await ((IAsyncLifetime)store).DisposeAsync();
        }
    }

    [Fact]
    public async Task A_campaign_sends_log_lines_carry_the_campaign_and_delivery_they_were_written_for()
    {
        var logs = new ScopedLogs();
        // Nothing listens on the relay's port, so each campaign email fails and is logged, to be tried again.
        var store = new StoreFactory()
            .With("Smtp:Port", StoreFactory.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithServices(services => services.AddSingleton<ILoggerProvider>(logs));
        await ((IAsyncLifetime)store).InitializeAsync();
        try
        {
            var subscriber = $"campaign-scope-{Guid.NewGuid():N}@example.org";
            await store.SqlAsync("""
                INSERT INTO subscribers.subscribers (id, email, normalized_email, status, preference, created_at, updated_at, confirmed_at)
                VALUES (gen_random_uuid(), @email, @email, 'Confirmed', 'EachArticle', now(), now(), now())
                """, ("email", subscriber));
            await PublishToSubscribersAsync(store);

            static bool IsSendFailure((string Message, Dictionary<string, object?> Scope) e) =>
                e.Message.StartsWith("Campaign email not delivered", StringComparison.Ordinal);
            await store.WaitUntilAsync(() => Task.FromResult(logs.Entries.Any(IsSendFailure)), "the campaign's failed send in the log", seconds: 60);
            const string delivery = "FROM subscribers.deliveries d JOIN subscribers.subscribers s ON s.id = d.subscriber_id WHERE s.email = @email";
            var campaignId = (Guid)(await store.SqlAsync($"SELECT d.campaign_id {delivery}", ("email", subscriber)))!;
            var deliveryId = (long)(await store.SqlAsync($"SELECT d.id {delivery}", ("email", subscriber)))!;

            var failed = logs.Entries.First(IsSendFailure);
            Assert.Equal(campaignId, failed.Scope.GetValueOrDefault("CampaignId"));
            Assert.Equal(deliveryId, failed.Scope.GetValueOrDefault("DeliveryId"));
            // Background work, not a request: no request's scope leaks into it.
            Assert.DoesNotContain("RequestId", failed.Scope.Keys);
        }
        finally
        {
            await ((IAsyncLifetime)store).DisposeAsync();
        }
    }

    /// <summary>
    /// The measure's value is the row's age when written plus at most the time since (taking the whole pool can take a
    /// minute on a busy machine, so the age itself is not fixed). Meters are the process's: another store started by a
    /// test class running beside this one shows its own series of the same name, so one of the series must match.
    /// </summary>
    private static void AssertAge(string scrape, string measure, double writtenAge, double secondsSince)
    {
        var ages = System.Text.RegularExpressions.Regex.Matches(scrape, $"^{measure} (\\S+)$", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => double.Parse(m.Groups[^1].Value, CultureInfo.InvariantCulture))
            .ToList();
        Assert.True(ages.Exists(age => age >= writtenAge - 1 && age <= writtenAge + secondsSince + 1),
            $"{measure}: expected one between {writtenAge - 1} and {writtenAge + secondsSince + 1:0.0}, the scrape has [{string.Join(", ", ages)}].");
    }

    /// <summary>Takes every connection of the store's pool, until one more request has to wait for one.</summary>
    private static async Task WaitForAPooledConnectionAsync(StoreFactory store)
    {
        var pool = store.Services.GetRequiredService<NpgsqlDataSource>();
        var size = new NpgsqlConnectionStringBuilder(pool.ConnectionString).MaxPoolSize;
        var held = new List<NpgsqlConnection>();
        try
        {
            while (true)
            {
                Assert.True(held.Count <= size, "The pool gave out more connections than its size.");
                // Long enough for a new connection on a busy machine (a shorter wait ended this early, before the pool
                // was used up, so no request had waited); a request that waits for the pool runs out of it or of the
                // pool's own wait time.
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    held.Add(await pool.OpenConnectionAsync(wait.Token));
                }
                catch (Exception ex) when (held.Count > 0 && ex is OperationCanceledException or NpgsqlException)
                {
                    return; // waited for a connection: the pool is used up
                }
            }
        }
        finally
        {
            foreach (var connection in held) await connection.DisposeAsync();
        }
    }

    private static Task PublishToSubscribersAsync(StoreFactory store) => store.InScopeAsync(async sp =>
    {
        var form = new EditArticle.ArticleForm
        {
            Title = "Warmth before bed", Excerpt = "A heat pack, twenty minutes, lights low.",
            Markdown = "Warm the pack, lie down, breathe slowly.", AuthorName = "Ruth Ellison", SendToSubscribers = true,
            CategoryId = (Guid)(await store.SqlAsync("SELECT id FROM editorial.categories WHERE slug = 'general'"))!,
        };
        var saved = await sp.GetRequiredService<IMediator>().Send(new EditArticle.Save(null, form, EditArticle.SaveIntent.Publish, "test-editor"));
        Assert.True(saved.IsDone, saved.Refusal?.Message);
    });

    /// <summary>A log provider that keeps, for each entry, the scope values it was written under (as the JSON console does).</summary>
    private sealed class ScopedLogs : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<(string Message, Dictionary<string, object?> Scope)> Entries { get; } = new();

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(ScopedLogs owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = new Dictionary<string, object?>();
                owner.scopes.ForEachScope((scope, into) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                        foreach (var (key, value) in pairs) into[key] = value;
                    else if (scope is IEnumerable<KeyValuePair<string, object>> plain)
                        foreach (var (key, value) in plain) into[key] = value;
                }, values);
                owner.Entries.Enqueue((formatter(state, exception), values));
            }
        }
    }
}
