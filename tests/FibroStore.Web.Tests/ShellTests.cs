namespace FibroStore.Web.Tests;

public sealed class ShellTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task Home_page_carries_the_security_headers()
    {
        using var client = store.CreateBrowserClient();
        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Shared_pages_go_without_the_opener_policy_and_a_persons_own_pages_keep_it()
    {
        using var visitor = store.CreateBrowserClient();
        // Rendered, then answered from the page cache: neither carries it.
        for (var i = 0; i < 2; i++)
            Assert.False((await visitor.GetAsync("/")).Headers.Contains(OpenerPolicy));
        foreach (var path in new[] { "/cart", "/Identity/Account/Login" })
            Assert.Equal("same-origin", (await visitor.GetAsync(path)).Headers.GetValues(OpenerPolicy).Single());

        var (customer, _) = await store.SignInNewUserAsync();
        using var _ = customer;
        var home = await customer.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal("same-origin", home.Headers.GetValues(OpenerPolicy).Single());
    }

    private const string OpenerPolicy = "Cross-Origin-Opener-Policy";

    [Fact]
    public async Task Home_page_has_skip_link_search_box_and_cart_link()
    {
        using var client = store.CreateBrowserClient();
        var html = await client.GetPageAsync("/");

        Assert.Contains("class=\"skip-link\" href=\"#main\"", html, StringComparison.Ordinal);
        Assert.Contains("role=\"search\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/cart\"", html, StringComparison.Ordinal);
        Assert.Contains("<main id=\"main\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_home_page_is_served_from_the_cache_without_any_form_token()
    {
        using var first = store.CreateBrowserClient();
        using var second = store.CreateBrowserClient();
        var a = await first.GetPageAsync("/");
        var b = await second.GetPageAsync("/");

        Assert.Equal(a, b);
        Assert.DoesNotContain("__RequestVerificationToken", a, StringComparison.Ordinal);
        var response = await second.GetAsync("/");
        Assert.True(response.Headers.Age is not null, "The second anonymous request should come from the output cache (Age header).");
    }

    [Fact]
    public async Task Unknown_page_gets_a_helpful_404()
    {
        using var client = store.CreateBrowserClient();
        var response = await client.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("We could not find that page", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_state_gives_a_form_token_and_is_never_cached()
    {
        using var client = store.CreateBrowserClient();
        var response = await client.GetAsync("/session/state");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var json = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"signedIn\":false", json, StringComparison.Ordinal);
        Assert.Contains("\"token\":\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_endpoints_answer_and_ready_checks_the_database()
    {
        using var client = store.CreateBrowserClient();
        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Information_pages_are_seeded_and_rendered_from_markdown()
    {
        using var client = store.CreateBrowserClient();
        foreach (var slug in new[] { "privacy", "terms", "shipping", "returns" })
        {
            var html = await client.GetPageAsync($"/{slug}");
            Assert.Contains("<article class=\"prose\">", html, StringComparison.Ordinal);
        }
        Assert.Contains("<table>", await client.GetPageAsync("/shipping"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overlong_search_is_refused_with_a_message()
    {
        using var client = store.CreateBrowserClient();
        var response = await client.GetAsync("/search?q=" + new string('a', 201));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Please search for something shorter", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_posted_without_its_token_is_refused_with_400()
    {
        using var client = store.CreateBrowserClient();
        var response = await client.PostRawAsync("/contact", new Dictionary<string, string>
        {
            ["Input.Name"] = "Ann", ["Input.Email"] = "ann@example.org", ["Input.Subject"] = "Hi", ["Input.Message"] = "Hello there",
        }, token: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(store.Mailbox.To("hello@fibrostore.local"));
    }
}
