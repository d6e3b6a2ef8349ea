namespace FibroStore.Subscribers.Campaigns;

/// <summary>When the weekly digest goes out (section <c>Subscribers:Digest</c>), in the store's time zone.</summary>
internal sealed class DigestOptions
{
    public const string Section = "Subscribers:Digest";

    public bool Enabled { get; set; } = true;
    public DayOfWeek Weekday { get; set; } = DayOfWeek.Monday;
    public int Hour { get; set; } = 8;
    public int PollSeconds { get; set; } = 60;
}
