using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using FibroStore.Accounts.Setup;
using FibroStore.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FibroStore.Accounts.Tests;

/// <summary>Each class owns a store with no admin yet: the setup story only happens once per database.</summary>
public sealed partial class SetupTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task The_setup_link_from_the_log_creates_the_first_admin_once_and_then_the_page_is_gone()
    {
        var log = new CapturingLoggerProvider();
        var instance = store.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(log)));
        using var client = new BrowserClient(instance.CreateClient(
            new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

        var line = await log.WaitForAsync(m => m.StartsWith("First-admin setup: ", StringComparison.Ordinal));
        var link = new Uri(line["First-admin setup: ".Length..]);
        Assert.Equal("/setup", link.AbsolutePath);

        var noToken = await client.GetAsync("/setup");
        await noToken.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("This setup link is missing its token", await noToken.TextAsync(), StringComparison.Ordinal);
        var wrongToken = await client.GetAsync("/setup?token=not-the-token");
        await wrongToken.ExpectAsync(HttpStatusCode.BadRequest);

        var empty = await client.PostFormAsync(link.PathAndQuery, new Dictionary<string, string>());
        await empty.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Enter your email address.", await empty.TextAsync(), StringComparison.Ordinal);

        var email = NewEmail("owner");
        var created = await client.PostFormAsync(link.PathAndQuery, new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Owner",
            ["Input.Email"] = email,
            ["Input.Password"] = "first-light-of-day",
            ["Input.ConfirmPassword"] = "first-light-of-day",
        });
        await created.ExpectAsync(HttpStatusCode.Redirect);
        Assert.Equal("/staff", created.Headers.Location?.OriginalString);
        // A new store asks its staff for two-step sign-in, the first admin included: the staff area opens once it is set up.
        var gated = await client.GetAsync("/staff");
        Assert.Equal("/Identity/Account/Manage/EnableAuthenticator", gated.Headers.Location?.OriginalString);
        await store.SetUpAuthenticatorAsync(client, email);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/staff")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(link.PathAndQuery)).StatusCode);
        using var stranger = store.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/setup")).StatusCode);
        await store.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<StoreUser>>();
            var admin = await users.FindByEmailAsync(email);
            Assert.NotNull(admin);
            Assert.True(admin.EmailConfirmed);
            Assert.True(await users.IsInRoleAsync(admin, StaffRoles.Admin));
            Assert.False(await sp.GetRequiredService<AccountsDbContext>().SetupTokens.AnyAsync());
        });
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> messages = new();

        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                messages.Enqueue(formatter(state, exception));
        }

        public async Task<string> WaitForAsync(Func<string, bool> match)
        {
            for (var waited = 0; waited < 100; waited++)
            {
                var found = messages.FirstOrDefault(match);
                if (found is not null)
                    return found;
                await Task.Delay(100);
            }
            throw new TimeoutException("The setup link was not logged.");
        }

        public void Dispose()
        {
        }
    }
}

public sealed partial class SetupRaceTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task Two_setups_at_the_same_moment_create_exactly_one_admin()
    {
        // Two instances started without an admin: each issued its own token, and both work.
        var tokens = await Task.WhenAll(IssueAsync(), IssueAsync());
        var clients = tokens.Select(_ => store.CreateBrowserClient()).ToArray();
        var formTokens = await Task.WhenAll(tokens.Select(async (token, i) =>
            FormToken().Match(await clients[i].GetPageAsync($"/setup?token={token}")).Groups[1].Value));

        var responses = await Task.WhenAll(tokens.Select((token, i) => clients[i].PostRawAsync($"/setup?token={token}",
            new Dictionary<string, string>
            {
                ["Input.DisplayName"] = $"Racer {i}",
                ["Input.Email"] = NewEmail($"racer{i}"),
                ["Input.Password"] = "first-light-of-day",
                ["Input.ConfirmPassword"] = "first-light-of-day",
            }, WebUtility.HtmlDecode(formTokens[i]))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Redirect);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.NotFound);
        var admins = await store.InScopeAsync(async sp =>
            (await sp.GetRequiredService<UserManager<StoreUser>>().GetUsersInRoleAsync(StaffRoles.Admin)).Count);
        Assert.Equal(1, admins);
        foreach (var client in clients)
            client.Dispose();
    }

    private Task<string> IssueAsync() => store.InScopeAsync(sp => sp.GetRequiredService<SetupTokens>().IssueAsync());

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
