namespace FibroStore.SiteServices.Data;

/// <summary>The single row holding the site settings as JSON; Version guards concurrent edits.</summary>
internal sealed class SiteSettingsRow
{
    public int Id { get; set; } = 1;
    public string Json { get; set; } = "{}";
    public int Version { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

internal sealed class AuditEntry
{
    public Guid Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string ActorId { get; set; } = "";
    public string Area { get; set; } = "";
    public string Action { get; set; } = "";
    public string EntityType { get; set; } = "";
    public string EntityId { get; set; } = "";
    public string? Before { get; set; }
    public string? After { get; set; }
}

/// <summary>
/// The attempts <see cref="Throttle.PgRequestThrottle"/> counted for one key in one slice of time (a tenth of the key's
/// window, starting at <see cref="SliceStart"/>), and when the latest of them was made. The key is a hash.
/// </summary>
internal sealed class ThrottleCount
{
    public string Key { get; set; } = "";
    public DateTimeOffset SliceStart { get; set; }
    public int Count { get; set; }
    public DateTimeOffset LastAt { get; set; }
}
