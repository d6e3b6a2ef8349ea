using FibroStore.SharedKernel;

namespace FibroStore.BackOffice.Dashboard;

/// <summary>
/// Whole calendar days in the store's time zone, from <see cref="First"/> to <see cref="Last"/> inclusive. Every
/// figure is compared with <see cref="Previous"/>, the same number of days just before.
/// </summary>
internal sealed record Period(DateOnly First, DateOnly Last, TimeZoneInfo Zone)
{
    public const int LongestDays = 366;

    public int Days => Last.DayNumber - First.DayNumber + 1;

    /// <summary>The day after the period: day ranges are half-open like time ranges.</summary>
    public DateOnly End => Last.AddDays(1);

    public DateTimeOffset From => ZonedTime.StartOfDay(First, Zone);

    public DateTimeOffset To => ZonedTime.StartOfDay(End, Zone);

    public Period Previous => this with { First = First.AddDays(-Days), Last = First.AddDays(-1) };

}

internal static class PeriodChoices
{
    public const string Today = "today";
    public const string Week = "7d";
    public const string Month = "30d";
    public const string Custom = "custom";

    /// <summary>The period a choice names, or the reason it names none.</summary>
    public static (Period? Period, string? Problem) Resolve(string? choice, DateOnly? from, DateOnly? to, DateOnly today, TimeZoneInfo zone)
    {
        switch (choice ?? Week)
        {
            case Today: return (new Period(today, today, zone), null);
            case Week: return (new Period(today.AddDays(-6), today, zone), null);
            case Month: return (new Period(today.AddDays(-29), today, zone), null);
            case Custom:
                if (from is not { } first || to is not { } last)
                    return (null, "Choose both a first and a last day for a custom period.");
                if (last < first)
                    return (null, "The last day comes before the first day. Please swap them.");
                if (last.DayNumber - first.DayNumber + 1 > Period.LongestDays)
                    return (null, "Choose a period of at most 366 days.");
                return (new Period(first, last, zone), null);
            default:
                return (null, "Choose today, the last 7 days, the last 30 days or custom dates.");
        }
    }
}
