using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace FibroStore.Web.Tests;

/// <summary>
/// PostgreSQL restarts (a fast shutdown, as an operator or a package upgrade does it) while several clients read,
/// reply, subscribe and buy. The store answers only 2xx (or the redirect a form sends on success) or 503, comes back
/// by itself, and everything it said was done is in the database once, and nothing twice.
/// The cluster is this test's own (scripts/pg.sh, through <see cref="OwnCluster"/>), so the restart disturbs no other test.
/// </summary>
[Trait("Run", "Alone")]
public sealed partial class DatabaseRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan LoadFor = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RestartAfter = TimeSpan.FromSeconds(5);

    private OwnCluster cluster = null!;
    private StoreFactory store = null!;

    public async Task InitializeAsync()
    {
        cluster = await OwnCluster.StartAsync("-c", "fsync=off", "-c", "max_connections=100");
        store = new StoreFactory().OnDatabase(await cluster.CreateDatabaseAsync());
        store.With("Editorial:Replies:MinimumSeconds", "0")
            .With("Editorial:Replies:PerAddressLimit", "100000")
            .With("Subscribers:Joining:PerClientLimit", "100000")
            .With("Subscribers:Joining:PerEmailLimit", "100000")
            .With("Search:PerClientPerMinute", "100000");
        await store.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)store).DisposeAsync();
        await cluster.DisposeAsync();
    }

    private sealed record Answer(string What, int Status, bool Cached);

    [Fact]
    public async Task A_restart_under_load_answers_only_2xx_or_503_recovers_and_loses_nothing_it_confirmed()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var variant = await store.AddSellableProductAsync($"Restart heat pack {tag}", 12.50m, stock: 10_000);
        var articleSlug = await store.PublishArticleAsync($"Pacing through a flare {tag}", "How to pace.", "Rest between tasks.");
        var (reader, _) = await store.SignInNewUserAsync();
        var before = await CountsAsync();

        var answers = new ConcurrentQueue<Answer>();
        var replies = new ConcurrentQueue<string>();
        var subscriptions = new ConcurrentQueue<string>();
        var payments = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();

        var workers = new List<Task>
        {
            ReadAsync(reader, answers, stop.Token),
            BrowseCachedAsync(articleSlug, answers, stop.Token),
            ReplyAsync(articleSlug, tag, answers, replies, stop.Token),
            SubscribeAsync(tag, answers, subscriptions, stop.Token),
            BuyAsync(variant.VariantId, tag, answers, payments, stop.Token),
        };

        await Task.Delay(RestartAfter);
        var restartBegan = clock.Elapsed;
        await cluster.RestartAsync();
        var restarted = clock.Elapsed - restartBegan;
        // Recovery: from the restart command until a signed-in page (never cached) answers 200 again.
        TimeSpan? recovered = null;
        while (clock.Elapsed < RestartAfter + LoadFor)
        {
            if (recovered is null && (await reader.GetAsync("/shop")).StatusCode == HttpStatusCode.OK)
                recovered = clock.Elapsed - restartBegan;
            await Task.Delay(100);
        }
        stop.Cancel();
        await Task.WhenAll(workers);

        var ready = Stopwatch.StartNew();
        HttpStatusCode health;
        do
        {
            health = (await store.CreateClient().GetAsync("/health/ready")).StatusCode;
            if (health != HttpStatusCode.OK) await Task.Delay(250);
        }
        while (health != HttpStatusCode.OK && ready.Elapsed < TimeSpan.FromSeconds(60));

        var byStatus = answers.GroupBy(a => (a.Cached, a.Status)).OrderBy(g => g.Key.Cached).ThenBy(g => g.Key.Status)
            .Select(g => $"{(g.Key.Cached ? "cached" : "uncached")} {g.Key.Status}: {g.Count()}");
        output.WriteLine($"Measured: PostgreSQL's restart took {restarted.TotalSeconds:0.0} s; a signed-in page answered 200 again " +
            (recovered is { } r ? $"{r.TotalSeconds:0.0} s after the restart began (target 10 s)" : "never during the load"));
        output.WriteLine($"Answers: {string.Join(", ", byStatus)}");
        output.WriteLine($"Confirmed: {replies.Count} replies, {subscriptions.Count} subscriptions, {payments.Count} paid checkouts");

        Assert.Equal(HttpStatusCode.OK, health);
        // A page answers 200 or 503; a form answers its usual redirect (302) or 503.
        Assert.All(answers, a => Assert.True(a.Status == 503 || a.Status == (a.What.StartsWith("GET", StringComparison.Ordinal) ? 200 : 302),
            $"{a.What} answered {a.Status}"));
        Assert.DoesNotContain(answers, a => a.Status == 500);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/shop")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/search?q=heat+{tag}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/account/orders")).StatusCode);
        // The load did reach the database on both sides of the restart.
        Assert.NotEmpty(replies);
        Assert.NotEmpty(subscriptions);
        Assert.NotEmpty(payments);

        // Every payment the emulator took becomes exactly one order: its webhook is retried until the store takes it.
        foreach (var session in payments)
            await store.WaitUntilAsync(async () => await store.CountOrdersForSessionAsync(session) == 1, $"the order for {session}", seconds: 180);
        foreach (var session in payments)
            Assert.Equal(1, await store.CountOrdersForSessionAsync(session));

        var after = await CountsAsync();
        output.WriteLine($"Rows before → after: replies {before.Replies} → {after.Replies}, subscribers {before.Subscribers} → {after.Subscribers}, orders {before.Orders} → {after.Orders}");
        var storedReplies = await ListAsync("SELECT author_name FROM editorial.replies WHERE author_name LIKE @tag", tag);
        var storedSubscribers = await ListAsync("SELECT email FROM subscribers.subscribers WHERE email LIKE @tag", tag);
        // Confirmed means stored, once; an unconfirmed (503) one may or may not be stored, but never twice.
        Assert.All(replies, name => Assert.Single(storedReplies, name));
        Assert.All(subscriptions, email => Assert.Single(storedSubscribers, email));
        Assert.Equal(storedReplies.Count, storedReplies.Distinct().Count());
        Assert.Equal(storedSubscribers.Count, storedSubscribers.Distinct().Count());
        Assert.True(after.Replies - before.Replies >= replies.Count);
        Assert.True(after.Subscribers - before.Subscribers >= subscriptions.Count);
        Assert.True(after.Orders - before.Orders >= payments.Count);
    }

    // Each worker stops after the request under way: its requests are not given the token, so none ends uncounted.
    private static async Task ReadAsync(BrowserClient reader, ConcurrentQueue<Answer> answers, CancellationToken stop)
    {
        string[] pages = ["/shop", "/search?q=heat+pack", "/account/orders", "/cart"];
        while (!stop.IsCancellationRequested)
            foreach (var page in pages)
            {
                answers.Enqueue(new Answer($"GET {page} (signed in)", (int)(await reader.GetAsync(page, CancellationToken.None)).StatusCode, Cached: false));
                await Task.Delay(20, CancellationToken.None);
            }
    }

    private async Task BrowseCachedAsync(string articleSlug, ConcurrentQueue<Answer> answers, CancellationToken stop)
    {
        using var visitor = store.CreateBrowserClient();
        string[] pages = ["/", $"/articles/{articleSlug}", "/articles"];
        while (!stop.IsCancellationRequested)
            foreach (var page in pages)
            {
                answers.Enqueue(new Answer($"GET {page}", (int)(await visitor.GetAsync(page, CancellationToken.None)).StatusCode, Cached: true));
                await Task.Delay(20, CancellationToken.None);
            }
    }

    private async Task ReplyAsync(string articleSlug, string tag, ConcurrentQueue<Answer> answers, ConcurrentQueue<string> confirmed, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            using var client = store.CreateBrowserClient();
            var state = await GetJsonAsync(client, "/session/state", answers);
            var stamp = await GetJsonAsync(client, "/articles/reply-stamp", answers);
            if (state is null || stamp is null) continue;
            var token = state.Value.GetProperty("antiforgery");
            var name = $"Reader {tag} {n}";
            var posted = await client.Http.PostAsync($"/articles/{articleSlug}?handler=Reply", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                [token.GetProperty("field").GetString()!] = token.GetProperty("token").GetString()!,
                ["Input.Stamp"] = stamp.Value.GetProperty("stamp").GetString()!,
                ["Input.Name"] = name, ["Input.Email"] = $"reply-{tag}-{n}@example.org", ["Input.Comment"] = $"Pacing helps me too ({n}).",
            }), CancellationToken.None);
            answers.Enqueue(new Answer("POST reply", (int)posted.StatusCode, Cached: false));
            if (posted.StatusCode == HttpStatusCode.Redirect) confirmed.Enqueue(name);
            await Task.Delay(50, CancellationToken.None);
        }
    }

    private async Task SubscribeAsync(string tag, ConcurrentQueue<Answer> answers, ConcurrentQueue<string> confirmed, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            using var client = store.CreateBrowserClient();
            var form = await client.GetAsync("/subscribe", CancellationToken.None);
            answers.Enqueue(new Answer("GET /subscribe", (int)form.StatusCode, Cached: false));
            if (form.StatusCode != HttpStatusCode.OK) { await Task.Delay(50, CancellationToken.None); continue; }
            var token = FormToken().Match(await form.Content.ReadAsStringAsync(CancellationToken.None));
            var email = $"subscriber-{tag}-{n}@example.org";
            var posted = await client.PostRawAsync("/subscribe", new Dictionary<string, string> { ["Email"] = email }, WebUtility.HtmlDecode(token.Groups[1].Value));
            answers.Enqueue(new Answer("POST /subscribe", (int)posted.StatusCode, Cached: false));
            if (posted.StatusCode == HttpStatusCode.Redirect) confirmed.Enqueue(email);
            await Task.Delay(50, CancellationToken.None);
        }
    }

    private async Task BuyAsync(Guid variantId, string tag, ConcurrentQueue<Answer> answers, ConcurrentQueue<string> paid, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            using var shopper = store.CreateBrowserClient();
            var added = await StoreFactory.AddToCartAsync(shopper, variantId);
            answers.Enqueue(new Answer("POST /cart/add", (int)added.StatusCode, Cached: false));
            if (added.StatusCode != HttpStatusCode.Redirect) continue;
            var cart = await shopper.GetAsync("/cart", CancellationToken.None);
            answers.Enqueue(new Answer("GET /cart", (int)cart.StatusCode, Cached: false));
            if (cart.StatusCode != HttpStatusCode.OK) continue;
            var token = FormToken().Match(await cart.Content.ReadAsStringAsync(CancellationToken.None));
            var email = $"buyer-{tag}-{n}@example.org";
            var checkout = await shopper.PostRawAsync("/cart?handler=Checkout", new Dictionary<string, string> { ["Input.Email"] = email },
                WebUtility.HtmlDecode(token.Groups[1].Value));
            answers.Enqueue(new Answer("POST checkout", (int)checkout.StatusCode, Cached: false));
            if (checkout.StatusCode != HttpStatusCode.Redirect) continue;
            var session = StoreFactory.SessionIdFrom(checkout.Headers.Location!);
            // The emulator stands in for Stripe: the payment is taken whatever the store's database is doing.
            var outcome = await store.Stripe.PayAsync(session, email: email);
            if (outcome.Result == FibroStore.StripeEmulator.PaymentResult.Paid) paid.Enqueue(session);
            await Task.Delay(100, CancellationToken.None);
        }
    }

    private static async Task<JsonElement?> GetJsonAsync(BrowserClient client, string url, ConcurrentQueue<Answer> answers)
    {
        var response = await client.GetAsync(url);
        answers.Enqueue(new Answer($"GET {url}", (int)response.StatusCode, Cached: false));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            await Task.Delay(50);
            return null;
        }
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private sealed record Counts(long Replies, long Subscribers, long Orders);

    // The test's own reads open a fresh connection each: a pooled one from before the restart would be dead.
    private string Unpooled => new NpgsqlConnectionStringBuilder(store.Database.ConnectionString) { Pooling = false }.ConnectionString;

    private async Task<Counts> CountsAsync()
    {
        await using var connection = new NpgsqlConnection(Unpooled);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM editorial.replies), (SELECT count(*) FROM subscribers.subscribers), (SELECT count(*) FROM ordering.orders)", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Counts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private async Task<List<string>> ListAsync(string sql, string tag)
    {
        await using var connection = new NpgsqlConnection(Unpooled);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("tag", $"%{tag}%");
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            values.Add(reader.GetString(0));
        return values;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
