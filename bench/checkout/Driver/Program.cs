using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

// Drives the parts of the checkout and store benchmarks wrk cannot: carts that each need their own cookies and form
// token, signed webhook events, a signed-in visitor and a cart with several lines. Usage:
//   checkout --base URL --variant ID --carts N --warmup W --concurrency C --sessions FILE [--ready FILE --go FILE]
//                                                   with --ready and --go: once the carts are prepared and the warm-up
//                                                   done, writes the first file and waits for the second to appear
//                                                   (the script reads the CPU used so far in between)
//   webhooks --base URL --sessions FILE --count N --concurrency C --secret WHSEC [--ready FILE --go FILE]
//                                                   with --ready and --go: the same, once the sessions are paid and
//                                                   their events built
//   hash --password P                               prints an Identity password hash of P (for a user seeded by SQL)
//   signin --base URL --email E --password P        signs in on the store's page; prints the Cookie header to send
//   cart --base URL --variants ID,ID,…              a new visitor adds one of each; prints the Cookie header to send
var command = args.Length > 0 ? args[0] : "";
var options = Options.Parse(args.Skip(1));
if (command == "hash")
{
    Console.WriteLine(new Microsoft.AspNetCore.Identity.PasswordHasher<object>().HashPassword(new object(), options.Get("password")));
    return 0;
}
using var http = new HttpClient(new SocketsHttpHandler
{
    // Cookies are kept per cart by hand: one shared container would make every cart the same visitor.
    UseCookies = false,
    AllowAutoRedirect = false,
    MaxConnectionsPerServer = 256,
})
{
    BaseAddress = new Uri(options.Get("base")),
    Timeout = TimeSpan.FromSeconds(60),
};

return command switch
{
    "checkout" => await Checkouts.RunAsync(http, options),
    "webhooks" => await Webhooks.RunAsync(http, options),
    "signin" => await Visitors.SignInAsync(http, options),
    "cart" => await Visitors.CartAsync(http, options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: checkout|webhooks|hash|signin|cart … (see the comment at the top of Program.cs)");
    return 2;
}

internal sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string? key = null;
        foreach (var arg in args)
        {
            if (key is null && arg.StartsWith("--", StringComparison.Ordinal)) key = arg[2..];
            else if (key is not null) { values[key] = arg; key = null; }
        }
        return new Options(values);
    }

    public string Get(string name) =>
        values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");

    public int Int(string name) => int.Parse(Get(name), CultureInfo.InvariantCulture);

    public string? Find(string name) => values.GetValueOrDefault(name);
}

/// <summary>With --ready and --go, the pause between preparing a run and measuring it, in which the script reads the CPU used.</summary>
internal static class Go
{
    public static async Task WhenToldAsync(Options options)
    {
        if (options.Find("ready") is not { } ready)
            return;
        await File.WriteAllTextAsync(ready, "");
        var go = options.Get("go");
        while (!File.Exists(go))
            await Task.Delay(20);
    }
}

/// <summary>
/// One visitor: the cookies the store gave them and, once the cart page was read, its form token. A numbered visitor
/// comes from an address of their own, as shoppers reach the store through nginx (X-Forwarded-For from loopback, which
/// the store trusts by default): the store keeps a cap per client, and thousands of shoppers at one address would
/// queue on it.
/// </summary>
internal sealed class Visitor(int? number = null)
{
    private readonly Dictionary<string, string> cookies = new(StringComparer.Ordinal);
    private readonly string? address = number is { } n ? $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}" : null;

    public string? Token { get; set; }

    public void Keep(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var setCookies)) return;
        foreach (var header in setCookies)
        {
            var pair = header.Split(';', 2)[0];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) continue;
            var (name, value) = (pair[..equals], pair[(equals + 1)..]);
            // An emptied cookie is a deletion (the cart page consumes the "added" notice this way).
            if (value.Length == 0) cookies.Remove(name);
            else cookies[name] = value;
        }
    }

    /// <summary>The Cookie header this visitor sends, for a tool (wrk) that replays it.</summary>
    public string CookieHeader => string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}"));

    public HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (cookies.Count > 0)
            request.Headers.Add("Cookie", CookieHeader);
        if (address is not null)
            request.Headers.Add("X-Forwarded-For", address);
        return request;
    }
}

internal static partial class Checkouts
{
    public static async Task<int> RunAsync(HttpClient http, Options options)
    {
        var variant = options.Get("variant");
        var carts = options.Int("carts");
        var warmup = options.Int("warmup");
        var concurrency = options.Int("concurrency");

        var sw = Stopwatch.StartNew();
        var visitors = new Visitor[carts + warmup];
        await Parallel.ForEachAsync(Enumerable.Range(0, visitors.Length), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, ct) => visitors[i] = await PrepareAsync(http, variant, i, ct));
        Console.Error.WriteLine($"Prepared {visitors.Length} carts with a form token each in {sw.Elapsed.TotalSeconds:0.0} s");

        var sessions = new string?[visitors.Length];
        // The first carts warm up JIT, EF's queries and Stripe.net at a low concurrency; only the rest are measured.
        await Parallel.ForEachAsync(Enumerable.Range(0, warmup), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, ct) => sessions[i] = (await CheckoutAsync(http, visitors[i], i, ct)).Session);

        await Go.WhenToldAsync(options);

        var latencies = new double[carts];
        var failures = 0;
        string? firstFailure = null;
        sw.Restart();
        await Parallel.ForEachAsync(Enumerable.Range(warmup, carts), new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (i, ct) =>
            {
                var started = Stopwatch.GetTimestamp();
                var (session, failure) = await CheckoutAsync(http, visitors[i], i, ct);
                latencies[i - warmup] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                sessions[i] = session;
                if (failure is not null)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstFailure, failure, null);
                }
            });
        var seconds = sw.Elapsed.TotalSeconds;

        await File.WriteAllLinesAsync(options.Get("sessions"), sessions.OfType<string>());
        if (firstFailure is not null) Console.Error.WriteLine("First failed checkout: " + firstFailure);
        Array.Sort(latencies);
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT requests={carts} seconds={seconds:0.00} rps={carts / seconds:0.0} p50_ms={Percentile(latencies, 50):0.00} p99_ms={Percentile(latencies, 99):0.00} failed={failures}"));
        return 0;
    }

    private static async Task<Visitor> PrepareAsync(HttpClient http, string variant, int number, CancellationToken ct)
    {
        var visitor = new Visitor(number);
        using (var add = visitor.Request(HttpMethod.Post, "/cart/add", new FormUrlEncodedContent(new Dictionary<string, string>
               {
                   ["variantId"] = variant, ["quantity"] = "1", ["returnUrl"] = "/shop",
               })))
        using (var added = await http.SendAsync(add, ct))
        {
            if (added.StatusCode != HttpStatusCode.Redirect)
                throw new InvalidOperationException($"POST /cart/add answered {(int)added.StatusCode}");
            visitor.Keep(added);
        }
        using var get = visitor.Request(HttpMethod.Get, "/cart");
        using var page = await http.SendAsync(get, ct);
        visitor.Keep(page);
        var html = await page.Content.ReadAsStringAsync(ct);
        var token = TokenPattern().Match(html);
        if (page.StatusCode != HttpStatusCode.OK || !token.Success)
            throw new InvalidOperationException($"GET /cart answered {(int)page.StatusCode} without a form token");
        visitor.Token = WebUtility.HtmlDecode(token.Groups[1].Value);
        return visitor;
    }

    /// <summary>"Continue to secure payment": the store answers 302 to the emulator's payment page for the new session.</summary>
    private static async Task<(string? Session, string? Failure)> CheckoutAsync(HttpClient http, Visitor visitor, int n, CancellationToken ct)
    {
        using var request = visitor.Request(HttpMethod.Post, "/cart?handler=Checkout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = $"bench-{n}@example.org",
            ["__RequestVerificationToken"] = visitor.Token!,
        }));
        using var response = await http.SendAsync(request, ct);
        var location = response.Headers.Location?.ToString() ?? "";
        var session = SessionPattern().Match(location);
        if (response.StatusCode == HttpStatusCode.Redirect && session.Success)
            return (session.Groups[1].Value, null);
        var body = await response.Content.ReadAsStringAsync(ct);
        return (null, $"{(int)response.StatusCode} {location} {body[..Math.Min(body.Length, 300)]}");
    }

    public static double Percentile(double[] sorted, int p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(sorted.Length * p / 100.0) - 1, 0, sorted.Length - 1)];

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    internal static partial Regex TokenPattern();

    [GeneratedRegex("/stripe-emulator/pay/(cs_[A-Za-z0-9_]+)")]
    private static partial Regex SessionPattern();
}

internal static partial class Webhooks
{
    private const string EmulatorKey = "sk_test_fibrostore_emulator";

    public static async Task<int> RunAsync(HttpClient http, Options options)
    {
        var count = options.Int("count");
        var concurrency = options.Int("concurrency");
        var secret = Encoding.UTF8.GetBytes(options.Get("secret"));
        var sessions = (await File.ReadAllLinesAsync(options.Get("sessions"))).Take(count).ToArray();
        if (sessions.Length < count)
            throw new InvalidOperationException($"Only {sessions.Length} open sessions to complete; {count} asked for.");

        // Each session is paid on the emulator's page (its own webhooks are off for this run), then read back from its
        // API: the event carries the session exactly as the emulator, like Stripe, describes a paid one.
        var country = await FirstCountryAsync(http, sessions[0]);
        var sw = Stopwatch.StartNew();
        var payloads = new string[sessions.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, sessions.Length), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, ct) => payloads[i] = await PaidEventAsync(http, sessions[i], i, country, ct));
        Console.Error.WriteLine($"Paid {sessions.Length} sessions on the emulator and built their events in {sw.Elapsed.TotalSeconds:0.0} s");
        // The emulator's work (Stripe's, in production) is done: what is measured from here is the store's.
        await Go.WhenToldAsync(options);

        var failures = 0;
        var t0 = DateTimeOffset.UtcNow;
        sw.Restart();
        await Parallel.ForEachAsync(payloads, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (payload, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe")
            {
                Content = new StringContent(payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Stripe-Signature", Sign(payload, secret));
            using var response = await http.SendAsync(request, ct);
            if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref failures);
        });
        Console.WriteLine(FormattableString.Invariant(
            $"BURST t0_ms={t0.ToUnixTimeMilliseconds()} acknowledged_ms={sw.Elapsed.TotalMilliseconds:0} events={payloads.Length} not_200={failures}"));
        return 0;
    }

    private static async Task<string> FirstCountryAsync(HttpClient http, string session)
    {
        var html = await http.GetStringAsync($"/stripe-emulator/pay/{session}");
        return CountryPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : "US";
    }

    private static async Task<string> PaidEventAsync(HttpClient http, string session, int n, string country, CancellationToken ct)
    {
        var year = (DateTime.UtcNow.Year + 1) % 100;
        using (var pay = await http.PostAsync($"/stripe-emulator/pay/{session}", new FormUrlEncodedContent(new Dictionary<string, string>
               {
                   ["email"] = $"bench-{n}@example.org", ["name"] = "Bench Shopper", ["method"] = "card",
                   ["card_number"] = "4242 4242 4242 4242", ["expiry"] = $"12 / {year:00}", ["cvc"] = "123",
                   ["line1"] = "1 Bench Street", ["city"] = "Portland", ["postal_code"] = "97201", ["country"] = country,
               }), ct))
        {
            if (pay.StatusCode != HttpStatusCode.SeeOther)
                throw new InvalidOperationException($"Paying {session} answered {(int)pay.StatusCode}");
        }
        using var read = new HttpRequestMessage(HttpMethod.Get, $"/stripe-emulator/v1/checkout/sessions/{session}");
        read.Headers.Add("Authorization", "Bearer " + EmulatorKey);
        using var response = await http.SendAsync(read, ct);
        response.EnsureSuccessStatusCode();
        var sessionJson = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new JsonObject
        {
            ["id"] = $"evt_bench_{n:D6}_{Guid.NewGuid():N}"[..32],
            ["object"] = "event",
            ["api_version"] = response.Headers.TryGetValues("Stripe-Version", out var versions) ? versions.First() : null,
            ["created"] = created,
            ["data"] = new JsonObject { ["object"] = sessionJson },
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = "checkout.session.completed",
        }.ToJsonString();
    }

    /// <summary>Stripe's scheme: v1 is the hex HMAC-SHA256, keyed with the whole signing secret, of "{t}.{payload}".</summary>
    private static string Sign(string payload, byte[] secret)
    {
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{t}.{payload}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    [GeneratedRegex("<select id=\"country\"[^>]*><option value=\"([A-Z]{2})\"")]
    private static partial Regex CountryPattern();
}

/// <summary>The visitors of the store benchmark whose cookies wrk replays: a signed-in reader and a cart with lines.</summary>
internal static class Visitors
{
    /// <summary>Signs in through the store's own page, as a person would; fails unless the store answers with the redirect.</summary>
    public static async Task<int> SignInAsync(HttpClient http, Options options)
    {
        var visitor = new Visitor();
        const string page = "/Identity/Account/Login";
        string token;
        using (var get = visitor.Request(HttpMethod.Get, page))
        using (var form = await http.SendAsync(get))
        {
            visitor.Keep(form);
            var match = Checkouts.TokenPattern().Match(await form.Content.ReadAsStringAsync());
            if (form.StatusCode != HttpStatusCode.OK || !match.Success)
                throw new InvalidOperationException($"GET {page} answered {(int)form.StatusCode} without a form token");
            token = WebUtility.HtmlDecode(match.Groups[1].Value);
        }
        using var post = visitor.Request(HttpMethod.Post, page, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = options.Get("email"),
            ["Input.Password"] = options.Get("password"),
            ["__RequestVerificationToken"] = token,
        }));
        using var signedIn = await http.SendAsync(post);
        if (signedIn.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Signing in answered {(int)signedIn.StatusCode}, not a redirect: {await signedIn.Content.ReadAsStringAsync()}");
        visitor.Keep(signedIn);
        Console.WriteLine(visitor.CookieHeader);
        return 0;
    }

    /// <summary>A new visitor adds one of each variant, then opens the cart once (which uses up the "added" notice).</summary>
    public static async Task<int> CartAsync(HttpClient http, Options options)
    {
        var visitor = new Visitor();
        foreach (var variant in options.Get("variants").Split(','))
        {
            using var add = visitor.Request(HttpMethod.Post, "/cart/add", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["variantId"] = variant, ["quantity"] = "1", ["returnUrl"] = "/shop",
            }));
            using var added = await http.SendAsync(add);
            if (added.StatusCode != HttpStatusCode.Redirect)
                throw new InvalidOperationException($"Adding {variant} to the cart answered {(int)added.StatusCode}");
            visitor.Keep(added);
        }
        using var get = visitor.Request(HttpMethod.Get, "/cart");
        using var cart = await http.SendAsync(get);
        if (cart.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET /cart answered {(int)cart.StatusCode}");
        visitor.Keep(cart);
        Console.WriteLine(visitor.CookieHeader);
        return 0;
    }
}
