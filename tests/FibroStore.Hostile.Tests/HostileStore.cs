using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FibroStore.Hostile.Tests;

/// <summary>A signed-in (or not) visitor: the client keeps its cookies; the token is its antiforgery form token.</summary>
public sealed record Visitor(string Role, BrowserClient Client, string Token);

/// <summary>
/// The store the hostile input is sent to: an account for each role, two articles, a product and a paid order, so
/// that pages and forms have real rows to work on (the corpus adds many more). Nothing runs in the background that would write
/// on its own (outbox, readership, newsletter sender), so every row that changes was changed by a request;
/// clients' addresses come from X-Forwarded-For, so each request can come from a client of its own.
/// </summary>
public sealed class HostileStore : StoreFactory
{
    public HostileStore()
    {
        With("Store:BehindProxy", "true");
        With("Outbox:PollMilliseconds", "3600000");
        With("Editorial:Readership:FlushSeconds", "3600");
        With("Subscribers:Sending:Enabled", "false");
        With("Editorial:Replies:MinimumSeconds", "0");
    }

    // Sessions are not re-checked against the security stamp during the run: pages such as "set up an authenticator
    // app" give an account a new stamp when opened, which would sign a role out halfway through. A role that loses its
    // session or its rank anyway (signing out, a role change posted by the fuzzing) is given a fresh account.
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
            services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromHours(1)));
        builder.ConfigureLogging(logging => logging.AddProvider(exceptions));
    }

    private readonly ExceptionLog exceptions = new();

    /// <summary>Exceptions the store logged, newest last: type, message and the store's own frame that threw.</summary>
    public IReadOnlyList<string> Exceptions => exceptions.Entries;

    public Dictionary<string, Visitor> Visitors { get; } = new(StringComparer.Ordinal);

    public string? OrderNumber { get; private set; }

    public static readonly string[] Roles = ["Stranger", "Shopper", StaffRoles.Editor, StaffRoles.Merchandiser, StaffRoles.Admin];

    /// <summary>How long the store took to start (migrations and demo content) and to get its accounts and order.</summary>
    public string SetupTimes { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await base.InitializeAsync();
        var started = clock.Elapsed;
        foreach (var role in Roles)
            Visitors[role] = await NewVisitorAsync(role);
        var signedIn = clock.Elapsed;
        // Two articles, written the way an editor writes them, for replies and article pages to work on.
        var editor = Visitors[StaffRoles.Editor].Client;
        var editorPage = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await editor.GetPageAsync("/staff/articles/edit"));
        var category = editorPage.QuerySelectorAll("select[name='Input.CategoryId'] option").Select(o => o.GetAttribute("value")).First(v => !string.IsNullOrEmpty(v))!;
        foreach (var (title, text) in new[]
        {
            ("Pacing on a good day", "## Plan the day\n\nRest before you are tired, even when you feel well.\n\n- Short tasks\n- Long breaks"),
            ("Heat, cold and sleep", "Warmth eases stiff muscles for many of us.\n\n> Try a wheat bag for ten minutes before bed."),
        })
        {
            var published = await editor.PostFormAsync("/staff/articles/edit", new Dictionary<string, string>
            {
                ["Input.Title"] = title, ["Input.Excerpt"] = $"About {title.ToLowerInvariant()}.", ["Input.Markdown"] = text,
                ["Input.AuthorName"] = "Ruth Ellison", ["Input.CategoryId"] = category, ["Input.ShowDisclaimer"] = "true", ["intent"] = "publish",
            });
            if (published.StatusCode != System.Net.HttpStatusCode.Redirect)
                throw new InvalidOperationException($"Publishing '{title}' answered {(int)published.StatusCode}.");
        }
        var heatPad = await AddSellableProductAsync("Microwave wheat bag", 18m, 40);
        (OrderNumber, _) = await PlacePaidOrderAsync(heatPad, 2, "guest-buyer@example.org");
        // A category, a subscriber, a reply waiting for a moderator and a stranger's cart: each page then shows the
        // forms that work on them (edit, remove, moderate, change quantity, pay).
        await Expect(await Visitors[StaffRoles.Merchandiser].Client.PostFormAsync("/staff/catalog/categories",
            new Dictionary<string, string> { ["Category.Name"] = "Heat and cold", ["Category.Description"] = "Wheat bags, gel packs and wraps." }), "the category");
        var stranger = Visitors["Stranger"];
        await Expect(await stranger.Client.PostRawAsync("/subscribe",
            new Dictionary<string, string> { ["Email"] = "reader@example.org", ["FirstName"] = "Nora" }, stranger.Token), "the subscriber");
        using (var stamp = JsonDocument.Parse(await stranger.Client.GetPageAsync("/articles/reply-stamp")))
            await Expect(await stranger.Client.PostRawAsync("/articles/pacing-on-a-good-day?handler=Reply", new Dictionary<string, string>
            {
                ["Input.Name"] = "Nora", ["Input.Email"] = "nora@example.org", ["Input.Comment"] = "Resting first helped me too.",
                ["Input.Stamp"] = stamp.RootElement.GetProperty("stamp").GetString()!,
            }, stranger.Token), "the reply");
        await AddToCartAsync(stranger.Client, heatPad.VariantId, 2);
        await DrainOutboxAsync();
        SetupTimes = $"start {started.TotalSeconds:0} s, accounts {(signedIn - started).TotalSeconds:0} s, order {(clock.Elapsed - signedIn).TotalSeconds:0} s";
    }

    private static async Task Expect(HttpResponseMessage response, string what)
    {
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Making {what} answered {(int)response.StatusCode}: {BrowserClient.Shorten(await response.Content.ReadAsStringAsync())}");
    }

    /// <summary>A fresh account for <paramref name="role"/> (none for a stranger), signed in, with its form token.</summary>
    public async Task<Visitor> NewVisitorAsync(string role)
    {
        var client = role switch
        {
            "Stranger" => CreateBrowserClient(),
            "Shopper" => (await SignInNewUserAsync()).Client,
            _ => (await SignInNewUserAsync(role)).Client,
        };
        return new Visitor(role, client, await TokenAsync(client));
    }

    public static async Task<string> TokenAsync(BrowserClient client)
    {
        using var state = JsonDocument.Parse(await client.GetPageAsync("/session/state"));
        return state.RootElement.GetProperty("antiforgery").GetProperty("token").GetString()!;
    }
}

internal sealed class ExceptionLog : ILoggerProvider, ILogger
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> entries = new();

    public IReadOnlyList<string> Entries => entries.ToArray();

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (exception is null) return;
        var inner = exception.GetBaseException();
        var frame = inner.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("FibroStore", StringComparison.Ordinal))?.Trim() ?? "";
        entries.Enqueue($"{inner.GetType().Name}: {inner.Message.Split('\n')[0]} {frame}");
    }

    public void Dispose()
    {
    }
}
