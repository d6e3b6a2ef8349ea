using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using FibroStore.TestKit;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace FibroStore.E2E;

/// <summary>
/// The store on a real loopback port with its dev mailbox, and Debian's Chromium driven by Playwright.
/// Every page a test visits through <see cref="VisitAsync"/> or <see cref="ScanAsync"/> gets an axe scan.
/// </summary>
public sealed class BrowserSession : IAsyncLifetime
{
    private readonly string mailFolder = Path.Combine(Path.GetTempPath(), "fibro-e2e-mail-" + Guid.NewGuid().ToString("N"));
    private readonly string baseUrl;
    private readonly ConditionalWeakTable<IPage, PageTraffic> traffic = [];
    private IPlaywright? playwright;

    public BrowserSession()
    {
        var port = StoreFactory.FreePort();
        baseUrl = $"http://127.0.0.1:{port}";
        // Links in emails are absolute, built from Store:PublicUrl, so it must be the address the browser uses.
        Store = new StoreFactory()
            .With("Smtp:Host", "")
            .With("DevMailbox:Folder", mailFolder)
            .With("Store:PublicUrl", baseUrl)
            .OnRealPort(port);
    }

    public StoreFactory Store { get; }
    public IBrowser Browser { get; private set; } = null!;
    public List<string> AccessibilityProblems { get; } = [];

    public async Task InitializeAsync()
    {
        await Store.InitializeAsync();
        await WarmUpAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("FIBRO_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>
    /// Pays the first request's one-off costs (JIT, connection pool, settings cache) before any browser waits on it:
    /// on two busy cores that first page can take longer than a step's time-out.
    /// </summary>
    private async Task WarmUpAsync()
    {
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
        foreach (var path in new[] { "/", "/Identity/Account/Login", "/session/state" })
            (await client.GetAsync(path)).EnsureSuccessStatusCode();
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
        // Generous waits: the whole suite shares two cores, and a slow page is not what these tests check.
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        traffic.Add(page, new PageTraffic(context));
        return page;
    }

    /// <summary>
    /// Waits until the page has gone to <paramref name="url"/> and its document is parsed. Should it not, the failure
    /// says where the page is and which of its requests were still unanswered, so a lost navigation can be told from a
    /// slow store. It waits for the address, then asks the document itself whether it is parsed: waiting for the
    /// <c>load</c> event (<c>WaitForURLAsync</c> alone) and then for <c>DOMContentLoaded</c> (<c>WaitForLoadStateAsync</c>)
    /// each timed out in CI on a page that was at the address with every request answered, the event never reported.
    /// </summary>
    public Task WaitForPageAsync(IPage page, string url) => WaitForDocumentAsync(page, () => page.WaitForURLAsync(url, AtAddress));

    /// <inheritdoc cref="WaitForPageAsync(IPage, string)"/>
    public Task WaitForPageAsync(IPage page, Regex url) => WaitForDocumentAsync(page, () => page.WaitForURLAsync(url, AtAddress));

    private static readonly PageWaitForURLOptions AtAddress = new() { WaitUntil = WaitUntilState.Commit };
    private static readonly PageWaitForFunctionOptions DocumentParsed = new() { PollingInterval = 100 };

    private async Task WaitForDocumentAsync(IPage page, Func<Task> atAddress)
    {
        try
        {
            await atAddress();
            await page.WaitForFunctionAsync("() => document.readyState !== 'loading'", null, DocumentParsed);
        }
        catch (TimeoutException timeout) when (traffic.TryGetValue(page, out var seen))
        {
            throw new TimeoutException($"The page is at {page.Url}. {seen.Describe()}\n{timeout.Message}", timeout);
        }
    }

    public async Task<IResponse?> VisitAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path);
        await ScanAsync(page);
        return response;
    }

    /// <summary>Runs axe on the page as it is now and fails the test on any serious or critical violation.</summary>
    public async Task ScanAsync(IPage page)
    {
        // The dev mailbox shows an email's HTML in a sandboxed frame where axe's script may not run: scan our own document only.
        // Only violations are wanted: asking axe for nothing else spares it collecting every passing node.
        var result = await page.RunAxe(new AxeRunOptions { Iframes = false, ResultTypes = [ResultType.Violations] });
        var bad = result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{page.Url}: {v.Id} ({v.Impact}) {v.Help} at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")
            .ToList();
        Assert.True(bad.Count == 0, "Accessibility violations:\n" + string.Join("\n", bad));
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        await ((IAsyncLifetime)Store).DisposeAsync();
        if (Directory.Exists(mailFolder)) Directory.Delete(mailFolder, recursive: true);
    }

    /// <summary>
    /// Signs in on the sign-in page as a person does. Staff accounts (the test kit gives them an authenticator, as a new
    /// store asks of staff) then type the code their app shows.
    /// </summary>
    public async Task SignInAsync(IPage page, string email, string password = StoreFactory.DefaultPassword)
    {
        await VisitAsync(page, "/Identity/Account/Login");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var code = page.GetByLabel("Code from your app");
        var signOut = page.GetByRole(AriaRole.Button, new() { Name = "Sign out" });
        await Assertions.Expect(code.Or(signOut)).ToBeVisibleAsync();
        if (await code.IsVisibleAsync())
        {
            await ScanAsync(page);
            await code.FillAsync(Authenticator.Code(Store.AuthenticatorKeyOf(email)));
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        }
        await Assertions.Expect(signOut).ToBeVisibleAsync();
    }

    /// <summary>On the authenticator set-up page: reads the key written under the QR code and types the code an app makes from it.</summary>
    public async Task SetUpAuthenticatorAsync(IPage page, string email)
    {
        await ScanAsync(page);
        var key = (await page.Locator("kbd").InnerTextAsync()).Trim();
        await page.GetByLabel("Code from your app").FillAsync(Authenticator.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the code and turn on two-step sign-in" }).ClickAsync();
        await WaitForPageAsync(page, "**/Identity/Account/Manage/ShowRecoveryCodes");
        await ScanAsync(page);
        Store.RememberAuthenticator(email, key);
    }

    /// <summary>Opens the newest dev-mailbox message to <paramref name="to"/> whose subject contains <paramref name="subject"/>, waiting for it to arrive.</summary>
    public async Task OpenMailAsync(IPage page, string to, string subject)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            // Scanned once, when the message is there: a scan on every look while waiting would only repeat itself.
            await page.GotoAsync("/dev/mailbox");
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = to }).Filter(new() { HasText = subject });
            if (await row.CountAsync() > 0)
            {
                await ScanAsync(page);
                await row.First.GetByRole(AriaRole.Link).ClickAsync();
                await ScanAsync(page);
                return;
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No email to {to} about '{subject}' reached the dev mailbox.");
            await Task.Delay(300);
        }
    }

    /// <summary>A page's requests as the browser sees them: those not yet answered, and the last few that were.</summary>
    private sealed class PageTraffic
    {
        private readonly ConcurrentDictionary<IRequest, DateTime> open = new();
        private readonly ConcurrentQueue<string> answered = new();

        public PageTraffic(IBrowserContext context)
        {
            context.Request += (_, request) => open[request] = DateTime.UtcNow;
            context.RequestFinished += (_, request) => Done(request, "answered");
            context.RequestFailed += (_, request) => Done(request, "failed: " + request.Failure);
        }

        private void Done(IRequest request, string how)
        {
            var began = open.TryRemove(request, out var at) ? at : DateTime.UtcNow;
            answered.Enqueue($"{request.Method} {request.Url} {how} after {(DateTime.UtcNow - began).TotalSeconds:0.0} s");
            while (answered.Count > 8) answered.TryDequeue(out _);
        }

        public string Describe()
        {
            var waiting = open.Select(r => $"{r.Key.Method} {r.Key.Url} for {(DateTime.UtcNow - r.Value).TotalSeconds:0} s").ToList();
            return $"Unanswered: {(waiting.Count == 0 ? "none" : string.Join("; ", waiting))}. Last answered: {string.Join("; ", answered)}.";
        }
    }
}
