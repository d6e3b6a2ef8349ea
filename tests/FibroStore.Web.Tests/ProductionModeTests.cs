using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FibroStore.Web.Tests;

/// <summary>Sends one request to the in-memory server as if it came from a given remote address, with the given headers.</summary>
internal static class FromAddress
{
    public static Task<HttpContext> GetAsync(StoreFactory store, string path, string remote, string host = "localhost",
        params (string Name, string Value)[] headers) =>
        store.Server.SendAsync(context =>
        {
            context.Request.Method = HttpMethods.Get;
            context.Request.Scheme = "http";
            context.Request.Host = new HostString(host);
            context.Request.Path = path;
            context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
            foreach (var (name, value) in headers)
                context.Request.Headers[name] = value;
        });
}

/// <summary>The store as Production runs it, behind a load balancer at 10.0.0.5 that terminates https.</summary>
public sealed class ProductionStore : StoreFactory
{
    public ProductionStore()
    {
        InProduction();
        With("Store:BehindProxy", "true");
        With("Store:KnownProxies", "10.0.0.5");
    }
}

public sealed class ProductionModeTests(ProductionStore store) : IClassFixture<ProductionStore>
{
    private BrowserClient HttpsClient() => new(store.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true,
    }));

    [Fact]
    public async Task Cookies_are_secure_only_and_http_only_where_they_carry_a_sign_in()
    {
        var email = $"prod-{Guid.NewGuid():N}@example.org";
        await store.CreateUserAsync(email);
        using var client = HttpsClient();

        var form = await client.GetAsync("/Identity/Account/Login");
        var formCookies = form.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(formCookies, c => c.StartsWith("fs.af=", StringComparison.Ordinal));
        Assert.All(formCookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));

        var signIn = await client.PostFormAsync("/Identity/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = StoreFactory.DefaultPassword });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var auth = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("fs.auth=", StringComparison.Ordinal));
        Assert.Contains("; secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=lax", auth, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Behind_the_known_proxy_saying_https_the_answer_carries_HSTS_and_from_anyone_else_it_does_not()
    {
        var viaProxy = await FromAddress.GetAsync(store, "/health/live", "10.0.0.5", "shop.example.org",
            ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "203.0.113.7"));
        Assert.Equal(200, viaProxy.Response.StatusCode);
        Assert.StartsWith("max-age=", viaProxy.Response.Headers.StrictTransportSecurity.ToString(), StringComparison.Ordinal);

        // Someone else's X-Forwarded-* is ignored: the request stays plain http, so no HSTS.
        var forged = await FromAddress.GetAsync(store, "/health/live", "198.51.100.20", "shop.example.org",
            ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "203.0.113.7"));
        Assert.Equal(200, forged.Response.StatusCode);
        Assert.Equal("", forged.Response.Headers.StrictTransportSecurity.ToString());
    }

    [Fact]
    public async Task A_host_name_that_is_not_allowed_is_refused()
    {
        var other = await FromAddress.GetAsync(store, "/health/live", "10.0.0.5", "evil.example.net");
        Assert.Equal(400, other.Response.StatusCode);
    }

    [Fact]
    public async Task There_is_no_dev_mailbox_and_no_Stripe_emulator()
    {
        using var browser = HttpsClient();
        var client = browser.Http;
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dev/mailbox")).StatusCode);
        // An address nothing serves is either a 404 or, for a stranger, the way to sign in; never the emulator's page.
        var css = await client.GetAsync("/stripe-emulator/assets/checkout.css");
        Assert.NotEqual(HttpStatusCode.OK, css.StatusCode);
        Assert.NotEqual("text/css", css.Content.Headers.ContentType?.MediaType);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/stripe-emulator/v1/coupons")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["percent_off"] = "5" }),
        };
        request.Headers.Authorization = new("Bearer", "sk_test_fibrostore_emulator");
        var api = await client.SendAsync(request);
        // Whatever the store says to a stranger's POST to an unknown address, the emulator's API (which always sends a
        // Request-Id and JSON) is not what answers.
        Assert.False(api.Headers.Contains("Request-Id"), "The emulator's API answered in Production.");
        Assert.NotEqual("application/json", api.Content.Headers.ContentType?.MediaType);
    }
}

/// <summary>A Production store whose database loses a schema under it: the next page fails on the server.</summary>
public sealed class ProductionErrorPageTests : IAsyncLifetime
{
    private readonly StoreFactory store = new StoreFactory().InProduction();

    public Task InitializeAsync() => store.InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)store).DisposeAsync();

    [Fact]
    public async Task A_server_error_shows_the_friendly_page_without_any_detail_of_the_failure()
    {
        await using (var connection = new NpgsqlConnection(store.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("ALTER SCHEMA catalog RENAME TO catalog_gone", connection);
            await command.ExecuteNonQueryAsync();
        }
        using var client = store.CreateClient();

        var response = await client.GetAsync("/shop");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Something went wrong on our side", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("catalog.", body, StringComparison.Ordinal);
    }
}

public sealed class ProductionSettingsTests
{
    private static async Task<string> StartFailureAsync(StoreFactory store)
    {
        try
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => ((IAsyncLifetime)store).InitializeAsync());
            return Flatten(failure);
        }
        finally
        {
            await ((IAsyncLifetime)store).DisposeAsync();
        }
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);

    [Fact]
    public async Task Production_refuses_to_start_with_any_host_an_http_public_address_or_no_mail_relay_and_says_what_to_set()
    {
        var failure = await StartFailureAsync(new StoreFactory().InProduction()
            .With("AllowedHosts", "*").With("Store:PublicUrl", "http://shop.example.org").With("Smtp:Host", ""));

        Assert.Contains("Set AllowedHosts to the host names people use", failure, StringComparison.Ordinal);
        Assert.Contains("Set Store__PublicUrl to the https address", failure, StringComparison.Ordinal);
        Assert.Contains("Set Smtp__Host", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_refuses_to_start_without_a_public_address()
    {
        var failure = await StartFailureAsync(new StoreFactory().InProduction().With("Store:PublicUrl", ""));
        Assert.Contains("Set Store__PublicUrl", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("AllowedHosts", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("too-short-to-be-a-secret")]
    public async Task Production_refuses_to_start_without_a_long_throttle_key_secret(string secret)
    {
        var failure = await StartFailureAsync(new StoreFactory().InProduction().With("Throttle:KeySecret", secret));
        Assert.Contains("Set Throttle__KeySecret to a random value of at least 32 characters", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("Store__PublicUrl", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_known_network_that_is_not_one_stops_the_store_with_a_plain_message()
    {
        var failure = await StartFailureAsync(new StoreFactory().With("Store:KnownNetworks", "10.0.0.0/33"));
        Assert.Contains("Store__KnownNetworks holds \"10.0.0.0/33\"", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Store:ConcurrentRequests", "0", "Set Store__ConcurrentRequests to 1 or more (it is 0)")]
    [InlineData("Store:QueuedRequests", "-1", "Set Store__QueuedRequests to 0 or more (it is -1)")]
    public async Task A_request_limit_below_one_or_a_queue_below_zero_stops_the_store_with_a_plain_message(string setting, string value, string message)
    {
        var failure = await StartFailureAsync(new StoreFactory().With(setting, value));
        Assert.Contains(message, failure, StringComparison.Ordinal);
    }
}

/// <summary>Development: the dev mailbox and the Stripe emulator serve only this machine.</summary>
public sealed class DevelopmentLoopbackStore : StoreFactory
{
    public DevelopmentLoopbackStore()
    {
        // No relay: the dev mailbox runs.
        With("Smtp:Host", "");
        With("Store:BehindProxy", "true");
        With("Store:KnownProxies", "10.0.0.5");
    }
}

public sealed class DevelopmentLoopbackTests(DevelopmentLoopbackStore store) : IClassFixture<DevelopmentLoopbackStore>
{
    [Theory]
    [InlineData("/dev/mailbox")]
    [InlineData("/stripe-emulator/assets/checkout.css")]
    public async Task Only_requests_from_this_machine_reach_the_development_tools(string path)
    {
        Assert.Equal(200, (await FromAddress.GetAsync(store, path, "127.0.0.1")).Response.StatusCode);
        Assert.Equal(200, (await FromAddress.GetAsync(store, path, "::1")).Response.StatusCode);
        Assert.Equal(404, (await FromAddress.GetAsync(store, path, "192.168.1.23")).Response.StatusCode);
        // A stranger claiming to be this machine is not believed; the known proxy is, either way.
        Assert.Equal(404, (await FromAddress.GetAsync(store, path, "198.51.100.20", headers: ("X-Forwarded-For", "127.0.0.1"))).Response.StatusCode);
        Assert.Equal(404, (await FromAddress.GetAsync(store, path, "10.0.0.5", headers: ("X-Forwarded-For", "203.0.113.7"))).Response.StatusCode);
        Assert.Equal(200, (await FromAddress.GetAsync(store, path, "10.0.0.5", headers: ("X-Forwarded-For", "127.0.0.1"))).Response.StatusCode);
    }

    [Fact]
    public async Task The_emulator_refuses_a_key_other_than_its_own()
    {
        using var client = store.CreateClient();
        async Task<HttpStatusCode> CouponWithAsync(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/stripe-emulator/v1/coupons")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["percent_off"] = "5", ["duration"] = "once" }),
            };
            request.Headers.Authorization = new("Bearer", key);
            return (await client.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await CouponWithAsync("sk_test_someone_else"));
        Assert.Equal(HttpStatusCode.OK, await CouponWithAsync("sk_test_fibrostore_emulator"));
    }
}
