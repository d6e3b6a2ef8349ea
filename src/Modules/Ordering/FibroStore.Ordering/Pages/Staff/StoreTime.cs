using System.Globalization;

namespace FibroStore.Ordering.Pages.Staff;

/// <summary>Dates and times as staff type and read them: in the store's time zone (a site setting), stored in UTC.</summary>
internal static class StoreTime
{
    /// <summary>What a datetime-local field sends and shows.</summary>
    public const string InputFormat = "yyyy-MM-ddTHH:mm";

    public static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // A time the clocks skip (02:30 on the spring-forward night) is read as the hour after it, which does exist.
        if (zone.IsInvalidTime(unspecified)) unspecified = unspecified.AddHours(1);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, zone), TimeSpan.Zero);
    }

    public static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone) => ToUtc(day.ToDateTime(TimeOnly.MinValue), zone);

    public static DateTime Local(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).DateTime;

    public static string Show(DateTimeOffset at, TimeZoneInfo zone) => Local(at, zone).ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);

    public static string ForInput(DateTimeOffset at, TimeZoneInfo zone) => Local(at, zone).ToString(InputFormat, CultureInfo.InvariantCulture);
}
