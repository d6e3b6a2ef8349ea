using System.Globalization;

namespace FibroStore.Ordering.Pages.Staff;

/// <summary>How staff pages show and take times in the store's time zone (<see cref="ZonedTime"/> does the converting).</summary>
internal static class StoreTime
{
    /// <summary>What a datetime-local field sends and shows.</summary>
    public const string InputFormat = "yyyy-MM-ddTHH:mm";

    public static string Show(DateTimeOffset at, TimeZoneInfo zone) => ZonedTime.Local(at, zone).ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);

    public static string ForInput(DateTimeOffset at, TimeZoneInfo zone) => ZonedTime.Local(at, zone).ToString(InputFormat, CultureInfo.InvariantCulture);
}
