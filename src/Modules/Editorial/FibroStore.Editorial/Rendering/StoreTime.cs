namespace FibroStore.Editorial.Rendering;

/// <summary>Times are stored in UTC and shown in the store's time zone (a site setting), for readers and staff alike.</summary>
internal static class StoreTime
{
    public static DateTimeOffset In(this DateTimeOffset at, SiteSettings settings) => TimeZoneInfo.ConvertTime(at, settings.TimeZone);

    public static DateTimeOffset? In(this DateTimeOffset? at, SiteSettings settings) => at is { } value ? value.In(settings) : null;
}
