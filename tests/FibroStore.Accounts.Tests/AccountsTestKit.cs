using System.Text.RegularExpressions;
using FibroStore.SharedKernel.Data;
using Microsoft.EntityFrameworkCore;

namespace FibroStore.Accounts.Tests;

/// <summary>Small helpers the Accounts tests share: links out of emails, page text, outbox rows.</summary>
internal static partial class AccountsTestKit
{
    /// <summary>A fresh address per test, so tests sharing a database never meet.</summary>
    public static string NewEmail(string who) => $"{who}-{Guid.NewGuid():N}@example.org";

    /// <summary>The path and query of the first link in the plain-text body that starts with <paramref name="path"/>.</summary>
    public static string LinkIn(CapturedMail mail, string path)
    {
        var link = UrlPattern().Matches(mail.TextBody ?? "")
            .Select(m => new Uri(m.Value))
            .FirstOrDefault(u => u.AbsolutePath.Equals(path, StringComparison.OrdinalIgnoreCase));
        Assert.True(link is not null, $"No {path} link in the text body of \"{mail.Subject}\":\n{mail.TextBody}");
        Assert.Contains(WebUtility.HtmlEncode(link.ToString()), mail.HtmlBody ?? "", StringComparison.Ordinal);
        return link.PathAndQuery;
    }

    /// <summary>Asserts the status code; on failure, shows the page's main text to say why.</summary>
    public static async Task ExpectAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode == expected)
            return;
        var html = await response.Content.ReadAsStringAsync();
        var main = MainPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : html;
        var text = WebUtility.HtmlDecode(TagPattern().Replace(main, " "));
        Assert.Fail($"Expected {(int)expected}, got {(int)response.StatusCode} {response.Headers.Location}: {SpacePattern().Replace(text, " ").Trim()}");
    }

    public static async Task<string> TextAsync(this HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    /// <summary>
    /// Sets up an authenticator on the set-up page as a person does with their phone: reads the key shown, types the
    /// app's code. The store remembers the key, so later sign-ins through the test kit can make codes too.
    /// </summary>
    public static async Task SetUpAuthenticatorAsync(this StoreFactory store, BrowserClient client, string email)
    {
        var page = await client.GetPageAsync("/Identity/Account/Manage/EnableAuthenticator");
        var key = WebUtility.HtmlDecode(KeyPattern().Match(page).Groups[1].Value);
        Assert.False(string.IsNullOrEmpty(key), "No authenticator key on the set-up page.");
        var enabled = await client.PostFormAsync("/Identity/Account/Manage/EnableAuthenticator",
            new Dictionary<string, string> { ["Input.Code"] = Authenticator.Code(key) });
        await enabled.ExpectAsync(HttpStatusCode.Redirect);
        store.RememberAuthenticator(email, key);
    }

    /// <summary>A member of staff whose account has no authenticator yet (the test kit gives staff one by default).</summary>
    public static async Task<string> CreateStaffWithoutAuthenticatorAsync(this StoreFactory store, string email, string role)
    {
        var id = await store.CreateUserAsync(email);
        await store.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<StoreUser>>();
            var added = await users.AddToRoleAsync((await users.FindByIdAsync(id))!, role);
            Assert.True(added.Succeeded);
        });
        return id;
    }

    /// <summary>The hidden fields of the form on a page, as a browser would send them back (the form token included).</summary>
    public static List<KeyValuePair<string, string>> HiddenFields(string html) =>
        HiddenPattern().Matches(html)
            .Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))
            .ToList();

    public static Task<List<OutboxMessage>> OutboxAsync(this StoreFactory store, string eventTypeName) =>
        store.InScopeAsync(sp => sp.GetRequiredService<AccountsDbContext>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Type.StartsWith(eventTypeName + ","))
            .ToListAsync());

    [GeneratedRegex("<kbd>([a-z2-7 ]{20,})</kbd>")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("<input (?:type=\"hidden\" )?name=\"([^\"]+)\" (?:type=\"hidden\" )?value=\"([^\"]*)\"")]
    private static partial Regex HiddenPattern();

    [GeneratedRegex("<main[^>]*>(.*)</main>", RegexOptions.Singleline)]
    private static partial Regex MainPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex SpacePattern();

    [GeneratedRegex(@"https?://[^\s""'<>]+")]
    private static partial Regex UrlPattern();
}
