using System.Text.RegularExpressions;

namespace FibroStore.BackOffice.Tests;

/// <summary>Reading the staff home as a person would: a headline figure by its name, a chart's data table.</summary>
internal static partial class Pages
{
    public static (string Value, string Change) Figure(string html, string name)
    {
        var match = Regex.Match(html,
            $"<span class=\"figure-name\">{Regex.Escape(WebUtility.HtmlEncode(name))}</span>\\s*<span class=\"figure-value\">([^<]*)</span>\\s*<span class=\"figure-change\">([^<]*)</span>");
        Assert.True(match.Success, $"No figure named {name} on the page.");
        return (WebUtility.HtmlDecode(match.Groups[1].Value), WebUtility.HtmlDecode(match.Groups[2].Value));
    }

    public static bool HasFigure(string html, string name) =>
        html.Contains($"<span class=\"figure-name\">{WebUtility.HtmlEncode(name)}</span>", StringComparison.Ordinal);

    /// <summary>The rows of a chart's "Show data" table, as (label, value as shown).</summary>
    public static IReadOnlyList<(string Label, string Value)> ChartData(string html, string chartId)
    {
        var start = html.IndexOf($"<figure class=\"chart\" id=\"{chartId}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No chart {chartId} on the page.");
        var end = html.IndexOf("</figure>", start, StringComparison.Ordinal);
        return RowPattern().Matches(html[start..end])
            .Select(m => (WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();
    }

    public static async Task<(HttpStatusCode Status, string Html)> GetAsync(BrowserClient client, string url)
    {
        var response = await client.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("<tr><th scope=\"row\">([^<]*)</th><td class=\"number\">([^<]*)</td></tr>")]
    private static partial Regex RowPattern();
}
