using System.Net;
using System.Text;
using System.Text.Json;
using FibroStore.BackOffice.Contracts;
using FibroStore.SharedKernel.Email;
using FibroStore.Subscribers.Data;

namespace FibroStore.Subscribers;

/// <summary>
/// The list's emails: plain, calm, readable without images, and each with a visible unsubscribe link plus the
/// one-click List-Unsubscribe headers and the sender's postal address.
/// </summary>
internal sealed class SubscriberEmails(SubscriberLinks links)
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
            ? [new DigestItem(campaign.Title, campaign.Excerpt, campaign.ArticleUrl)]
            : JsonSerializer.Deserialize<List<DigestItem>>(campaign.DigestItems) ?? [];
        var text = new StringBuilder().AppendLine(Greeting(firstName)).AppendLine();
        var html = new StringBuilder().Append("<p>").Append(Encode(Greeting(firstName))).AppendLine("</p>");
        if (campaign.DigestItems is not null)
        {
            text.AppendLine($"New on {site.StoreName} this week:").AppendLine();
            html.Append("<p>New on ").Append(Encode(site.StoreName)).AppendLine(" this week:</p>");
        }
        foreach (var article in articles)
        {
            text.AppendLine(article.Title).AppendLine().AppendLine(article.Excerpt).AppendLine()
                .AppendLine($"Read on the site: {article.Url}").AppendLine();
            html.Append("<h2 style=\"font-size:1.3em\">").Append(Encode(article.Title)).AppendLine("</h2>")
                .Append("<p>").Append(Encode(article.Excerpt)).AppendLine("</p>")
                .Append("<p><a href=\"").Append(Encode(article.Url)).Append("\">Read on the site<span class=\"visually-hidden\">: ")
                .Append(Encode(article.Title)).AppendLine("</span></a></p>");
        }
        text.Append(Footer(site, manage));
        html.Append(HtmlFooter(site, manage));
        return new EmailMessage(email, campaign.Title, html.ToString(), text.ToString())
        {
            ToName = firstName,
            Headers = SubscriberLinks.ListHeaders(links.UnsubscribeUrl(manage)),
        };
    }

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
