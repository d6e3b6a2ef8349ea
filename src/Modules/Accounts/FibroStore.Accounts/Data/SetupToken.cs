namespace FibroStore.Accounts.Data;

/// <summary>A one-time first-admin setup token. Only its SHA-256 hash is kept: the log line is the only copy.</summary>
internal sealed class SetupToken
{
    public Guid Id { get; set; }
    public byte[] Hash { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
