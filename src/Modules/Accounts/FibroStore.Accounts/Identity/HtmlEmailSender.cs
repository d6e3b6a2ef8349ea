using System.Net;
using System.Text.RegularExpressions;
using FibroStore.SharedKernel.Email;

namespace FibroStore.Accounts.Identity;

/// <summary>
/// Identity UI's plain "send this HTML" sender, for the few package pages that still use it. Every store email
/// also needs a plain-text body, so the text is derived from the HTML with each link written out in full.
/// </summary>
internal sealed partial class HtmlEmailSender(AccountsDbContext db, AccountLimits limits, TimeProvider clock) : Microsoft.AspNetCore.Identity.UI.Services.IEmailSender
{
    public async Task SendEmailAsync(string email, string subject, string htmlMessage)
    {
        if (!await limits.TryTakeEmailAsync(email, CancellationToken.None))
            return;
        db.QueueEmail(new EmailMessage(email, subject, htmlMessage, ToText(htmlMessage)), clock.GetUtcNow());
        await db.SaveChangesAsync();
    }

    internal static string ToText(string html)
    {
        var withLinks = AnchorPattern().Replace(html, m =>
            $"{m.Groups["text"].Value}: {WebUtility.HtmlDecode(m.Groups["href"].Value)}");
        var withBreaks = BreakPattern().Replace(withLinks, "\n");
        return WebUtility.HtmlDecode(TagPattern().Replace(withBreaks, "")).Trim();
    }

    [GeneratedRegex("""<a\s[^>]*?href\s*=\s*["'](?<href>[^"']*)["'][^>]*>(?<text>.*?)</a>""", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AnchorPattern();

    [GeneratedRegex("""<br\s*/?>|</p>""", RegexOptions.IgnoreCase)]
    private static partial Regex BreakPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();
}
