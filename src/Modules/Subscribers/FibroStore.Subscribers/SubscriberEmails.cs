using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FibroStore.SharedKernel.Email;
using FibroStore.Subscribers.Campaigns;
using FibroStore.Editorial.Contracts;
using Microsoft.Extensions.Options;

namespace FibroStore.Subscribers;

/// <summary>
/// The list's emails: plain, calm, readable without images, and each with a visible unsubscribe link plus the
/// one-click List-Unsubscribe headers and the sender's postal address.
/// </summary>
internal sealed partial class SubscriberEmails(SubscriberLinks links, IOptions<NewsletterEmailOptions> options)
{
    public EmailMessage Confirmation(Guid subscriberId, string email, string? firstName, SiteSettings site)
    {
        var confirm = links.ConfirmUrl(subscriberId);
        var manage = links.Token(LinkPurpose.Manage, subscriberId);
        var greeting = Greeting(firstName);
        var text = $"""
            {greeting}

            Please confirm that you want {site.StoreName}'s new articles by email. Open this link and press "Confirm":
            {confirm}

            The link works for {SubscriberLinks.ConfirmLifetime.Days} days. If you did not ask for this, ignore this email and nothing will be sent to you.
            {Footer(site, manage)}
            """;
        var html = $"""
            <p>{Encode(greeting)}</p>
            <p>Please confirm that you want {Encode(site.StoreName)}'s new articles by email.</p>
            <p><a href="{Encode(confirm)}">Confirm my subscription</a></p>
            <p>The link works for {SubscriberLinks.ConfirmLifetime.Days} days. If you did not ask for this, ignore this email and nothing will be sent to you.</p>
            {HtmlFooter(site, manage)}
            """;
        return new EmailMessage(email, $"Please confirm your subscription to {site.StoreName}", html, text)
        {
            ToName = firstName,
            Headers = SubscriberLinks.ListHeaders(links.UnsubscribeUrl(manage)),
        };
    }

    /// <summary>A campaign's email: one new article, or the weekly digest's list of articles.</summary>
    public EmailMessage ForCampaign(Campaign campaign, Guid subscriberId, string email, string? firstName, SiteSettings site)
    {
        var manage = links.Token(LinkPurpose.Manage, subscriberId);
        var articles = campaign.DigestItems is null
            ? [new DigestItem(campaign.Title, campaign.Excerpt, campaign.ArticleUrl, campaign.BodyHtml)]
            : JsonSerializer.Deserialize<List<DigestItem>>(campaign.DigestItems) ?? [];
        var (html, text) = CampaignBody(articles, isDigest: campaign.DigestItems is not null, firstName, site);
        text.Append(Footer(site, manage));
        html.Append(HtmlFooter(site, manage));
        return new EmailMessage(email, campaign.Title, html.ToString(), text.ToString())
        {
            ToName = firstName,
            Headers = SubscriberLinks.ListHeaders(links.UnsubscribeUrl(manage)),
        };
    }

    /// <summary>
    /// "Send me a test": the article's campaign email exactly as subscribers will see it, except that the footer says
    /// it is a test instead of carrying unsubscribe links: the editor is not a subscriber, and a real token would let
    /// the test unsubscribe someone.
    /// </summary>
    public EmailMessage Test(string email, NewsletterArticle article, SiteSettings site)
    {
        var (html, text) = CampaignBody([new DigestItem(article.Title, article.Excerpt, article.Url, article.BodyHtml)], isDigest: false, firstName: null, site);
        text.Append(CultureInfo.InvariantCulture, $"""

            --
            {TestNote}
            {site.PostalAddress}
            """);
        html.Append(CultureInfo.InvariantCulture, $"""
            <hr>
            <p><strong>{Encode(TestNote)}</strong></p>
            <p>{Encode(site.PostalAddress)}</p>
            """);
        return new EmailMessage(email, $"{TestSubjectPrefix} {article.Title}", html.ToString(), text.ToString());
    }

    public const string TestSubjectPrefix = "[Test]";

    private const string TestNote =
        "This is a test sent from the article editor. Nobody on the list received it. Subscribers' copies carry their own unsubscribe and preferences links here.";

    private (StringBuilder Html, StringBuilder Text) CampaignBody(IReadOnlyList<DigestItem> articles, bool isDigest, string? firstName, SiteSettings site)
    {
        var text = new StringBuilder().AppendLine(Greeting(firstName)).AppendLine();
        var html = new StringBuilder().Append("<p>").Append(Encode(Greeting(firstName))).AppendLine("</p>");
        if (isDigest)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"New on {site.StoreName} this week:").AppendLine();
            html.Append("<p>New on ").Append(Encode(site.StoreName)).AppendLine(" this week:</p>");
        }
        foreach (var article in articles)
        {
            var fullText = options.Value.FullText && !string.IsNullOrWhiteSpace(article.BodyHtml);
            text.AppendLine(article.Title).AppendLine()
                .AppendLine(fullText ? PlainText(article.BodyHtml!) : article.Excerpt).AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"Read on the site: {article.Url}").AppendLine();
            html.Append("<h2 style=\"font-size:1.3em\">").Append(Encode(article.Title)).AppendLine("</h2>");
            if (fullText)
                html.AppendLine(AbsoluteLinks(article.BodyHtml!));
            else
                html.Append("<p>").Append(Encode(article.Excerpt)).AppendLine("</p>");
            html
                .Append("<p><a href=\"").Append(Encode(article.Url)).Append("\">Read on the site<span class=\"visually-hidden\">: ")
                .Append(Encode(article.Title)).AppendLine("</span></a></p>");
        }
        return (html, text);
    }

    /// <summary>
    /// The article's pictures and links point at the site's own paths (/media/…, /articles/…); a mail program has no
    /// site to resolve them against, so they are made absolute on the public address.
    /// </summary>
    private string AbsoluteLinks(string html) =>
        RootRelativeLink().Replace(html, m => $"{m.Groups[1].Value}=\"{links.BaseUrl}/");

    /// <summary>The plain-text part of a full-text email: blocks become lines, tags go, entities are decoded.</summary>
    private static string PlainText(string html)
    {
        var withBreaks = BlockEnd().Replace(LineBreak().Replace(html, "\n"), "\n\n");
        var text = WebUtility.HtmlDecode(AnyTag().Replace(withBreaks, ""));
        return BlankLines().Replace(text.Trim(), "\n\n");
    }

    [GeneratedRegex("(src|href)=\"/(?!/)")]
    private static partial Regex RootRelativeLink();

    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreak();

    [GeneratedRegex("</(p|h[1-6]|li|blockquote|pre|tr|div|figure|figcaption)>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex AnyTag();

    [GeneratedRegex(@"\s*\n\s*\n\s*")]
    private static partial Regex BlankLines();

    private static string Greeting(string? firstName) => string.IsNullOrWhiteSpace(firstName) ? "Hello," : $"Hello {firstName},";

    private string Footer(SiteSettings site, string manage) => $"""

        --
        Unsubscribe: {links.UnsubscribeUrl(manage)}
        Choose what you get: {links.PreferencesUrl(manage)}
        {site.PostalAddress}
        """;

    private string HtmlFooter(SiteSettings site, string manage) => $"""
        <hr>
        <p><a href="{Encode(links.UnsubscribeUrl(manage))}">Unsubscribe</a> · <a href="{Encode(links.PreferencesUrl(manage))}">Choose what you get</a></p>
        <p>{Encode(site.PostalAddress)}</p>
        """;

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
