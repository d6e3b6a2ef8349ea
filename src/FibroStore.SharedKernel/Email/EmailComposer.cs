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

    /// <summary>One clear link, with its full address written out for mail readers that do not open links.</summary>
    public EmailComposer Action(string label, string url)
    {
        var href = Encode(url);
        html.Append("<p><a href=\"").Append(href).Append("\">").Append(Encode(label)).Append("</a></p>\n")
            .Append("<p>If the link does not open, copy this address into your browser:<br>").Append(href).Append("</p>\n");
        text.Append(label).Append(":\n").Append(url).Append("\n\n");
        return this;
    }

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
