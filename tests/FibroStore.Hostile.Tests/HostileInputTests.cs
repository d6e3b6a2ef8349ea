using System.Diagnostics;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FibroStore.Hostile.Tests;

/// <summary>
/// The hostile-input corpus against the whole store: in-process to every form and endpoint (found from the endpoint
/// data source, the pages' forms and their bound properties), then a real browser on every page that shows what
/// was stored, with a <c>window.__pwned</c> sentinel that any payload running would set.
/// </summary>
public sealed class HostileInputTests(HostileStore store, ITestOutputHelper output) : IClassFixture<HostileStore>
{
    /// <summary>Records every value a script assigns to window.__pwned, in this frame or from a frame inside it.</summary>
    private const string Sentinel = """
        (() => {
          const hits = [];
          Object.defineProperty(window, '__pwned', { configurable: false, get: () => hits[0], set: v => { hits.push(String(v)); } });
          Object.defineProperty(window, '__pwnedHits', { value: hits });
        })();
        """;

    /// <summary>Attributes that would run script if a payload had become markup rather than text.</summary>
    private const string LiveMarkup = """
        () => {
          const found = [];
          for (const el of document.querySelectorAll('*')) {
            for (const a of el.attributes) {
              const name = a.name.toLowerCase(), value = a.value;
              if (name.startsWith('on') && value.includes('__pwned')) found.push(`${el.tagName} ${name}`);
              else if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'background'].includes(name)
                       && /^\s*(javascript|vbscript|data:text\/html)/i.test(value)) found.push(`${el.tagName} ${name}=${value.slice(0, 60)}`);
              else if (name === 'srcdoc' && value.includes('__pwned')) found.push(`${el.tagName} srcdoc`);
            }
          }
          return found;
        }
        """;

    /// <summary>Pages that show an empty form and nothing anyone stored: the browser has nothing to look for there.</summary>
    private static readonly HashSet<string> FormsOnly = new(StringComparer.Ordinal)
    {
        "contact", "Identity/Account/Login", "Identity/Account/Register", "Identity/Account/ForgotPassword", "Identity/Account/ResendEmailConfirmation",
        "Identity/Account/Manage/ChangePassword", "Identity/Account/Manage/EnableAuthenticator", "Identity/Account/Manage/DeletePersonalData",
        "Identity/Account/Manage/TwoFactorAuthentication", "Identity/Account/Manage/PersonalData", "staff/articles/import", "staff/subscribers/import",
        "staff/catalog/csv", "staff/people/invite",
    };

    /// <summary>Each page that shows stored script payloads as text, with the payloads' marks.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> shownAsText = new(StringComparer.Ordinal);

    [Fact]
    public void The_corpus_holds_over_500_inputs_of_every_kind_asked_for()
    {
        Assert.True(HostileCorpus.Count >= 500, $"The corpus holds {HostileCorpus.Count} inputs.");
        var categories = HostileCorpus.Values.Select(v => v.Category).ToHashSet();
        Assert.Superset(new HashSet<string> { "script", "sql", "unicode", "invalid-utf8", "null", "path", "number", "long" }, categories);
        Assert.Superset(new HashSet<Shape> { Shape.FieldTwice, Shape.JsonBody, Shape.BodyOverServerLimit, Shape.MultipartWithoutBoundary }, HostileCorpus.Shapes.ToHashSet());
        // Each script payload names itself, so a browser that ran one says which.
        var marks = HostileCorpus.Scripts.Select(s => System.Text.RegularExpressions.Regex.Match(s.Value, "__pwned='(p\\d+)'").Groups[1].Value).Where(m => m.Length > 0).ToList();
        Assert.True(marks.Count >= 100, $"{marks.Count} script payloads carry a mark.");
    }

    [Fact]
    public async Task Hostile_input_to_every_form_and_endpoint_answers_below_500_changes_nothing_when_refused_and_runs_no_script()
    {
        var clock = Stopwatch.StartNew();
        var cases = await EndpointInventory.ListAsync(store.Services);
        var map = new StoreMap(cases);
        await CrawlAsync(map);
        // The payment page is reached by starting a checkout, not by a link.
        using (var guest = store.CreateBrowserClient())
        {
            await StoreFactory.AddToCartAsync(guest, (await store.AddSellableProductAsync("Hostile heat wrap", 22m, 50)).VariantId);
            var sessionId = await StoreFactory.StartCheckoutAsync(guest, "hostile-guest@example.org");
            await map.AddPageAsync(guest.Http, $"/stripe-emulator/pay/{sessionId}");
        }
        Assert.Empty(map.Failures);
        var crawled = clock.Elapsed;

        var fuzzer = new Fuzzer(store, map);
        await fuzzer.RunAsync();
        var fuzzed = clock.Elapsed;
        output.WriteLine($"Setup: {store.SetupTimes}.");
        output.WriteLine($"Corpus: {HostileCorpus.Values.Count} values and {HostileCorpus.Shapes.Count} request shapes ({HostileCorpus.Count} inputs); " +
                         $"used {fuzzer.UsedValueCount} values and {fuzzer.UsedShapeCount} shapes.");
        output.WriteLine($"Endpoints: {fuzzer.CoveredCases.Count} of {cases.Count} (every GET and POST); {fuzzer.Requests} requests; " +
                         $"crawl {crawled.TotalSeconds:0} s, fuzzing {(fuzzed - crawled).TotalSeconds:0} s.");
        output.WriteLine("Posts without a form on any page (fields from the page model): " + string.Join(", ", fuzzer.PostsWithoutForm));
        output.WriteLine($"Answers: {string.Join(", ", fuzzer.Statuses.Select(s => $"{s.Value} {s.Key}xx"))}; " +
                         $"{fuzzer.PostsWithForm} of {cases.Count(c => c.Method == "POST")} posts started from the form their page shows.");
        output.WriteLine("Slowest requests: " + string.Join("; ", fuzzer.SlowRequests.OrderByDescending(r => r.Took).Take(8).Select(r => $"{r.What[..Math.Min(120, r.What.Length)]} {r.Took.TotalSeconds:0.0} s")));
        output.WriteLine("Slowest endpoints: " + string.Join("; ", fuzzer.Timings.OrderByDescending(t => t.Took).Take(12).Select(t => $"{t.Case} {t.Took.TotalSeconds:0.0} s")));
        output.WriteLine("Filled-in forms: " + string.Join(", ", fuzzer.FilledFormAnswers.GroupBy(a => a.Value).OrderBy(g => g.Key)
            .Select(g => $"{g.Key}: {string.Join(" ", g.Select(a => a.Key))}")));
        output.WriteLine("Filled-in forms refused: " + string.Join("; ", fuzzer.FilledFormErrors.Select(e => $"{e.Key}: {e.Value}")));
        // What was accepted and stored must not break the pages that show it.
        foreach (var (url, route) in map.Visited)
        {
            var role = fuzzer.RoleOf(route);
            using var again = await store.Visitors[role].Client.GetAsync(url);
            if ((int)again.StatusCode >= 500)
                fuzzer.Failures.Add($"GET {url} as {role}, after the corpus was stored: answered {(int)again.StatusCode}; {store.Exceptions.LastOrDefault()}");
        }
        Assert.True(fuzzer.Failures.Count == 0, $"{fuzzer.Failures.Count} answers were wrong:\n" + string.Join("\n", fuzzer.Failures.Take(60)));
        Assert.Equal(HostileCorpus.Values.Count, fuzzer.UsedValueCount);
        Assert.Equal(HostileCorpus.Shapes.Count, fuzzer.UsedShapeCount);
        Assert.Equal(cases.Count(c => c.Method is "GET" or "POST"), fuzzer.CoveredCases.Count);

        var pages = await BrowseStoredInputAsync();
        output.WriteLine($"Browser: {pages} pages; total {clock.Elapsed.TotalSeconds:0} s.");
    }

    /// <summary>One real address per route, and the forms on those pages, as a stranger, a shopper and an admin.</summary>
    private async Task CrawlAsync(StoreMap map)
    {
        await map.CrawlAsync(store.Visitors["Stranger"].Client.Http,
        [
            "/", "/shop", "/articles", "/search?q=heat", "/subscribe", "/contact", "/cart", "/Identity/Account/Login", "/Identity/Account/Register",
            "/Identity/Account/ForgotPassword", "/Identity/Account/ResendEmailConfirmation", "/Identity/Account/LoginWith2fa",
        ], perRoute: 1, role: "Stranger");
        await map.CrawlAsync(store.Visitors["Shopper"].Client.Http, ["/Identity/Account/Manage", "/account/orders"], perRoute: 1, role: "Shopper");
        await map.CrawlAsync(store.Visitors[StaffRoles.Admin].Client.Http, ["/staff", $"/staff/orders/{store.OrderNumber}"], perRoute: 1, maxPages: 200);
    }

    /// <summary>
    /// Approves half of the replies the corpus left waiting (so both the articles and the moderation queue show some),
    /// then visits, in Chromium with the page's Content-Security-Policy bypassed (so a payload that became markup
    /// would really run), every page the admin and a stranger can reach that shows stored text. Returns how many.
    /// </summary>
    private async Task<int> BrowseStoredInputAsync()
    {
        await store.SqlAsync("""
            UPDATE editorial.replies SET status = 'Approved'
            WHERE id IN (SELECT id FROM editorial.replies WHERE status = 'Pending' ORDER BY created_at LIMIT (SELECT count(*) / 2 FROM editorial.replies WHERE status = 'Pending'))
            """);
        // The browser signs in from the loopback address, which the corpus's own sign-ins (made without a forwarded
        // address) have counted against already: the throttle starts afresh for it.
        await store.SqlAsync("DELETE FROM siteservices.throttle_counts");
        var email = $"browser-admin-{Guid.NewGuid():N}@example.org";
        await store.CreateUserAsync(email, StoreFactory.DefaultPassword, StaffRoles.Admin);

        // A second instance of the store on the same database, on a real port, for the browser: it starts with an
        // empty page cache, so what it shows is what was stored.
        var port = StoreFactory.FreePort();
        var site = new StoreFactory().SharingDatabaseWith(store).With("Store:PublicUrl", $"http://127.0.0.1:{port}")
            .With("Database:MigrateOnStart", "false").OnRealPort(port);
        try
        {
            await site.InitializeAsync();
            return await BrowseAsync(site, email);
        }
        finally
        {
            await ((IAsyncLifetime)site).DisposeAsync();
        }
    }

    private async Task<int> BrowseAsync(StoreFactory site, string email)
    {
        // Which pages to visit is found in-process, on the same data.
        var after = new StoreMap(await EndpointInventory.ListAsync(store.Services));
        using (var stranger = store.CreateBrowserClient())
            await after.CrawlAsync(stranger.Http, ["/", "/shop", "/articles"], perRoute: 1, maxPages: 30);
        var publicPages = after.Visited.Select(v => v.Url).ToList();
        using (var admin = await store.SignedInClientAsync(email))
            await after.CrawlAsync(admin.Http, ["/staff", "/staff/replies", "/staff/replies?show=approved", "/staff/audit"], perRoute: 1, maxPages: 60);
        Assert.Empty(after.Failures);
        var staffPages = after.Visited.Where(v => !FormsOnly.Contains(v.Route)).Select(v => v.Url).Except(publicPages).ToList();
        publicPages = after.Visited.Where(v => !FormsOnly.Contains(v.Route) && publicPages.Contains(v.Url)).Select(v => v.Url).ToList();
        var script = HostileCorpus.Scripts.First().Value;
        publicPages.Add("/search?q=" + Uri.EscapeDataString("script"));
        publicPages.Add("/search?q=" + Uri.EscapeDataString(script));
        publicPages.Add("/shop?sort=" + Uri.EscapeDataString(script));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("FIBRO_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var problems = new List<string>();

        // The sentinel itself works: the same payloads, written into a page as markup, do set it.
        var proof = await NewPageAsync(browser, site.RootUri);
        await proof.SetContentAsync("<body>" + string.Concat(HostileCorpus.Scripts.Take(14).Select(s => s.Value)) + "</body>");
        await proof.WaitForTimeoutAsync(300);
        var proved = await proof.EvaluateAsync<string[]>("() => window.__pwnedHits");
        Assert.True(proved.Length >= 3, $"The sentinel should catch payloads written as markup; it caught {proved.Length}.");
        Assert.NotEmpty(await proof.EvaluateAsync<string[]>(LiveMarkup));
        await proof.Context.CloseAsync();

        var strangerPage = await NewPageAsync(browser, site.RootUri);
        problems.AddRange(await VisitAllAsync(strangerPage, publicPages));
        var adminPage = await NewPageAsync(browser, site.RootUri);
        await adminPage.GotoAsync("/Identity/Account/Login");
        await adminPage.GetByLabel("Email address").FillAsync(email);
        await adminPage.GetByLabel("Password", new() { Exact = true }).FillAsync(StoreFactory.DefaultPassword);
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // Staff sign in with two steps: the test kit gave this admin an authenticator, whose code is typed next.
        var code = adminPage.GetByLabel("Code from your app");
        await code.WaitForAsync();
        await code.FillAsync(Authenticator.Code(store.AuthenticatorKeyOf(email)));
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).WaitForAsync();
        problems.AddRange(await VisitAllAsync(adminPage, staffPages.Concat(publicPages.Take(3)).ToList()));

        output.WriteLine("Browser visited: " + string.Join(" ", publicPages.Concat(staffPages)));
        output.WriteLine($"Script payloads shown as text: {shownAsText.Values.SelectMany(m => m).Distinct().Count()} on {shownAsText.Count} pages: " +
                         string.Join(", ", shownAsText.OrderBy(p => p.Key).Select(p => $"{p.Key} ({p.Value.Length})")));
        Assert.True(problems.Count == 0, "Stored input ran as script or became live markup:\n" + string.Join("\n", problems));
        // The check means something only if stored payloads reached the pages: some public page and some staff page show them as text.
        Assert.Contains(shownAsText.Keys, publicPages.Contains);
        Assert.Contains(shownAsText.Keys, staffPages.Contains);
        return publicPages.Count + staffPages.Count + 3;
    }

    private static async Task<IPage> NewPageAsync(IBrowser browser, Uri root)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = root.ToString().TrimEnd('/'), BypassCSP = true });
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        await context.AddInitScriptAsync(Sentinel);
        return await context.NewPageAsync();
    }

    /// <summary>Visits the pages three at a time, in tabs of <paramref name="first"/>'s context (same cookies, same sentinel).</summary>
    private async Task<IEnumerable<string>> VisitAllAsync(IPage first, IReadOnlyList<string> urls)
    {
        var tabs = new[] { first, await first.Context.NewPageAsync(), await first.Context.NewPageAsync() };
        var found = await Task.WhenAll(tabs.Select(async (tab, i) =>
        {
            var problems = new List<string>();
            for (var n = i; n < urls.Count; n += tabs.Length)
                problems.AddRange(await VisitAsync(tab, urls[n]));
            return problems;
        }));
        return found.SelectMany(p => p);
    }

    private async Task<IEnumerable<string>> VisitAsync(IPage page, string url)
    {
        var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        if (response is null || response.Status >= 500)
            return [$"{url}: answered {response?.Status}"];
        // Handlers such as onerror, onfocus and ontoggle fire just after the page has loaded.
        await page.WaitForTimeoutAsync(100);
        var hits = await page.EvaluateAsync<string[]>("() => window.__pwnedHits");
        var live = await page.EvaluateAsync<string[]>(LiveMarkup);
        // Payloads the page shows as text: proof that what was stored reached the page, harmlessly.
        var shown = await page.EvaluateAsync<string[]>("() => [...new Set(document.body.innerText.match(/__pwned='p\\d+'/g) ?? [])]");
        if (shown.Length > 0) shownAsText[url] = shown;
        return hits.Select(h => $"{url}: payload {h} ran").Concat(live.Select(l => $"{url}: live markup {l}"));
    }
}
