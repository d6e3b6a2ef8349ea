using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace FibroStore.BackOffice.Dashboard;

/// <summary>One value of a chart: its label, its amount, and the amount as people read it.</summary>
internal sealed record ChartPoint(string Label, decimal Value, string Display);

internal enum ChartKind
{
    /// <summary>One column per day.</summary>
    Columns,
    /// <summary>A line through the days, for a level such as the list's size.</summary>
    Line,
    /// <summary>Horizontal bars for a ranked list (top products, top articles).</summary>
    Ranking,
}

/// <summary>
/// A chart and its text alternative. <see cref="LabelHeading"/> and <see cref="ValueHeading"/> head the data table
/// that the page offers behind a "Show data" toggle.
/// </summary>
internal sealed record Chart(string Id, string Title, string Summary, ChartKind Kind, string LabelHeading, string ValueHeading, IReadOnlyList<ChartPoint> Points)
{
    public string Svg() => SvgChart.Render(this);
}

/// <summary>
/// Draws charts as SVG on the server: no script and no style attributes (the CSP allows neither); colours and
/// sizes of text come from classes in backoffice.css, so they follow the light and dark themes.
/// </summary>
internal static class SvgChart
{
    private const int Width = 640;
    private const int Left = 64;
    private const int Right = 16;
    private const int Top = 12;
    private const int PlotHeight = 180;
    private const int AxisHeight = 28;
    private const int RankingRow = 30;
    private const int RankingLabelWidth = 230;

    public static string Render(Chart chart)
    {
        var svg = new StringBuilder();
        var height = chart.Kind == ChartKind.Ranking ? Top + Math.Max(1, chart.Points.Count) * RankingRow + 8 : Top + PlotHeight + AxisHeight;
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"chart-svg\" role=\"img\" aria-labelledby=\"{chart.Id}-title {chart.Id}-desc\" viewBox=\"0 0 {Width} {height}\" preserveAspectRatio=\"xMidYMid meet\" focusable=\"false\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{chart.Id}-title\">{Encode(chart.Title)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<desc id=\"{chart.Id}-desc\">{Encode(chart.Summary)}</desc>");
        switch (chart.Kind)
        {
            case ChartKind.Ranking: Ranking(svg, chart.Points); break;
            case ChartKind.Line: Line(svg, chart.Points); break;
            default: Columns(svg, chart.Points); break;
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Columns(StringBuilder svg, IReadOnlyList<ChartPoint> points)
    {
        var (low, high) = (0m, NiceCeiling(points.Count == 0 ? 0 : points.Max(p => p.Value)));
        Grid(svg, low, high);
        if (points.Count == 0) return;
        var slot = (double)(Width - Left - Right) / points.Count;
        var barWidth = Math.Max(1, slot * 0.7);
        for (var i = 0; i < points.Count; i++)
        {
            var y = Y(points[i].Value, low, high);
            var x = Left + i * slot + (slot - barWidth) / 2;
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"chart-bar\" x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{barWidth:0.#}\" height=\"{Top + PlotHeight - y:0.#}\"></rect>");
        }
        DayLabels(svg, points, slot);
    }

    private static void Line(StringBuilder svg, IReadOnlyList<ChartPoint> points)
    {
        if (points.Count == 0)
        {
            Grid(svg, 0, 1);
            return;
        }
        var min = points.Min(p => p.Value);
        var max = points.Max(p => p.Value);
        // A level that barely moves still shows its movement, so the scale starts near the lowest value, not at zero.
        var low = min == max ? Math.Max(0, min - 1) : NiceFloor(min - (max - min) * 0.1m);
        var high = min == max ? max + 1 : NiceCeiling(max + (max - min) * 0.1m);
        Grid(svg, low, high);
        var slot = (double)(Width - Left - Right) / points.Count;
        var coordinates = points.Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"{Left + (i + 0.5) * slot:0.#},{Y(p.Value, low, high):0.#}"));
        svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"chart-line\" points=\"{string.Join(' ', coordinates)}\"></polyline>");
        if (points.Count <= 31)
            for (var i = 0; i < points.Count; i++)
                svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"chart-dot\" cx=\"{Left + (i + 0.5) * slot:0.#}\" cy=\"{Y(points[i].Value, low, high):0.#}\" r=\"3\"></circle>");
        DayLabels(svg, points, slot);
    }

    private static void Ranking(StringBuilder svg, IReadOnlyList<ChartPoint> points)
    {
        if (points.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"chart-label\" x=\"{Left}\" y=\"{Top + 18}\">Nothing to show for this period.</text>");
            return;
        }
        var max = Math.Max(points.Max(p => p.Value), 1);
        var room = Width - RankingLabelWidth - Right - 90;
        for (var i = 0; i < points.Count; i++)
        {
            var y = Top + i * RankingRow;
            var width = Math.Max(2, (double)(points[i].Value / max) * room);
            svg.Append(CultureInfo.InvariantCulture,
                $"<text class=\"chart-label\" x=\"{RankingLabelWidth - 8}\" y=\"{y + 19}\" text-anchor=\"end\">{Encode(Shorten(points[i].Label, 30))}</text>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"chart-bar\" x=\"{RankingLabelWidth}\" y=\"{y + 4}\" width=\"{width:0.#}\" height=\"{RankingRow - 10}\"></rect>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text class=\"chart-value\" x=\"{RankingLabelWidth + width + 6:0.#}\" y=\"{y + 19}\">{Encode(points[i].Display)}</text>");
        }
    }

    private static void Grid(StringBuilder svg, decimal low, decimal high)
    {
        foreach (var fraction in new[] { 0m, 0.5m, 1m })
        {
            var value = low + (high - low) * fraction;
            var y = Y(value, low, high);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"chart-gridline\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"></line>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"chart-axis\" x=\"{Left - 8}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{Compact(value)}</text>");
        }
    }

    /// <summary>The first, middle and last labels: enough to place the days without crowding.</summary>
    private static void DayLabels(StringBuilder svg, IReadOnlyList<ChartPoint> points, double slot)
    {
        var shown = new SortedSet<int> { 0, points.Count / 2, points.Count - 1 };
        foreach (var i in shown)
        {
            var anchor = i == 0 && points.Count > 1 ? "start" : i == points.Count - 1 && points.Count > 1 ? "end" : "middle";
            var x = anchor switch { "start" => Left + i * slot, "end" => Left + (i + 1) * slot, _ => Left + (i + 0.5) * slot };
            svg.Append(CultureInfo.InvariantCulture,
                $"<text class=\"chart-axis\" x=\"{x:0.#}\" y=\"{Top + PlotHeight + 20}\" text-anchor=\"{anchor}\">{Encode(points[i].Label)}</text>");
        }
    }

    private static double Y(decimal value, decimal low, decimal high) =>
        Top + PlotHeight - (double)((value - low) / (high == low ? 1 : high - low)) * PlotHeight;

    /// <summary>1, 2 or 5 times a power of ten at or above the value, so grid lines fall on round numbers.</summary>
    internal static decimal NiceCeiling(decimal value)
    {
        if (value <= 0) return 1;
        var power = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)value)));
        foreach (var step in new[] { 1m, 2m, 5m, 10m })
            if (step * power >= value)
                return step * power;
        return 10 * power;
    }

    private static decimal NiceFloor(decimal value)
    {
        if (value <= 0) return 0;
        var power = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)value)));
        return Math.Floor(value / power) * power;
    }

    private static string Compact(decimal value) => value switch
    {
        >= 1_000_000 => (value / 1_000_000).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 10_000 => (value / 1_000).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => value.ToString("0.##", CultureInfo.InvariantCulture),
    };

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);
}
