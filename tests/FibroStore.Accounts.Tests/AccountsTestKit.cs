using System.Net;
using System.Text.RegularExpressions;
using FibroStore.Accounts.Data;
using FibroStore.SharedKernel.Data;
using FibroStore.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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

    public static Task<List<OutboxMessage>> OutboxAsync(this StoreFactory store, string eventTypeName) =>
        store.InScopeAsync(sp => sp.GetRequiredService<AccountsDbContext>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Type.StartsWith(eventTypeName + ","))
            .ToListAsync());

    [GeneratedRegex("<main[^>]*>(.*)</main>", RegexOptions.Singleline)]
    private static partial Regex MainPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex SpacePattern();

    [GeneratedRegex(@"https?://[^\s""'<>]+")]
    private static partial Regex UrlPattern();
}
