using System.Globalization;

namespace FibroStore.BackOffice.Dashboard;

/// <summary>A headline figure for the period, and how it compares with the period before, in words.</summary>
internal sealed record Headline(string Name, string Value, string Comparison);

/// <summary>Something waiting for staff, and the page where they deal with it.</summary>
internal sealed record TodoItem(string Text, int Count, string Href);

/// <summary>The figures, charts and to-do items of one part of the dashboard (sales, or readers).</summary>
internal sealed record DashboardPart(IReadOnlyList<Headline> Headlines, IReadOnlyList<Chart> Charts, IReadOnlyList<TodoItem> Todo)
{
    public static readonly DashboardPart Empty = new([], [], []);
}

internal static class Figures
{
    private static readonly CultureInfo Numbers = CultureInfo.InvariantCulture;

    public static string Count(long n) => n.ToString("N0", Numbers);

    public static string Money(decimal amount, string currency) => SharedKernel.Money.Format(amount, currency);

    public static string DayLabel(DateOnly day) => day.ToString("d MMM", Numbers);

    public static string LongDay(DateOnly day) => day.ToString("dddd d MMMM yyyy", Numbers);

    /// <summary>"Up 12% on the 7 days before (1,100)": words, not colour, carry the direction.</summary>
    public static string Compare(decimal current, decimal previous, string previousText, Period period)
    {
        var before = period.Days == 1 ? "the day before" : $"the {period.Days} days before";
        if (current == previous) return $"Same as {before}";
        if (previous == 0) return $"Up from none {before}";
        var change = Math.Round((current - previous) / previous * 100, 0, MidpointRounding.AwayFromZero);
        var direction = change > 0 ? "Up" : "Down";
        var size = Math.Abs(change) == 0 ? "less than 1" : Math.Abs(change).ToString("N0", Numbers);
        return $"{direction} {size}% on {before} ({previousText})";
    }
}
