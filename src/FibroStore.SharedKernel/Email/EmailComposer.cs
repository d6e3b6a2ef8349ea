using System.Text;
using System.Text.Encodings.Web;

namespace FibroStore.SharedKernel.Email;

/// <summary>
/// Writes the store's plain emails: every paragraph, link and table goes into the HTML and the text part together,
/// so the two always say the same (some mail readers and screen readers only see the text).
/// </summary>
public sealed class EmailComposer
{
    private readonly StringBuilder html = new();
    private readonly StringBuilder text = new();

    public EmailComposer Paragraph(string value)
    {
        html.Append("<p>").Append(Encode(value)).Append("</p>\n");
        text.Append(value).Append("\n\n");
        return this;
    }

    /// <summary>The most characters a link's visible text may have in the HTML part: longer ones ran off phones and mail windows.</summary>
    public const int MaxVisibleLinkLength = 60;

    /// <summary>
    /// One clear action: a button with the full address, then the same link shown short for readers whose button does
    /// not open. The plain-text part writes the full address on a line of its own, where nothing needs to fit a window.
    /// </summary>
    public EmailComposer Action(string label, string url)
    {
        var href = Encode(url);
        html.Append("<p><a href=\"").Append(href).Append("\" style=\"").Append(ButtonStyle).Append("\">").Append(Encode(label)).Append("</a></p>\n")
            .Append("<p>If the button does not open, copy this link into your browser: <a href=\"").Append(href).Append("\">")
            .Append(Encode(Shorten(url))).Append("</a></p>\n");
        text.Append(label).Append(":\n").Append(url).Append("\n\n");
        return this;
    }

    /// <summary>An address as people read it, at most <see cref="MaxVisibleLinkLength"/> characters: no scheme, cut with "…".</summary>
    public static string Shorten(string url)
    {
        var shown = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? url[8..]
            : url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? url[7..] : url;
        return shown.Length <= MaxVisibleLinkLength ? shown : shown[..(MaxVisibleLinkLength - 1)] + "…";
    }

    // Mail programs ignore style sheets: the button is styled inline, with the store's calm purple and generous padding.
    private const string ButtonStyle =
        "display:inline-block;padding:12px 20px;border-radius:8px;background:#5b4a8b;color:#ffffff;font-weight:bold;text-decoration:none";

    /// <summary>Label and value pairs (order lines, totals), the values lined up on the right.</summary>
    public EmailComposer Rows(IEnumerable<(string Label, string Value)> rows)
    {
        html.Append("<table role=\"presentation\" cellpadding=\"4\">\n");
        foreach (var (label, value) in rows)
        {
            html.Append("<tr><td>").Append(Encode(label)).Append("</td><td align=\"right\">").Append(Encode(value)).Append("</td></tr>\n");
            text.Append(label).Append(": ").Append(value).Append('\n');
        }
        html.Append("</table>\n");
        text.Append('\n');
        return this;
    }

    public EmailMessage ToMessage(string to, string subject, string? toName) =>
        new(to, subject, html.ToString(), text.ToString().TrimEnd() + "\n") { ToName = toName };

    private static string Encode(string value) => HtmlEncoder.Default.Encode(value);
}
