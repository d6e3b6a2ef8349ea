namespace FibroStore.Editorial.Replies;

/// <summary>Spam defences for the reply form; all local, no third-party calls.</summary>
internal sealed class ReplyOptions
{
    public const string Section = "Editorial:Replies";

    /// <summary>People take longer than this to read and write; scripts do not.</summary>
    public int MinimumSeconds { get; set; } = 3;
    /// <summary>A form stamp older than this is refused: the page was left open too long, or the stamp was replayed.</summary>
    public int MaximumHours { get; set; } = 24;
    public int MaxLinks { get; set; } = 2;
    public int PerAddressLimit { get; set; } = 5;
    public int PerAddressWindowMinutes { get; set; } = 10;
}
