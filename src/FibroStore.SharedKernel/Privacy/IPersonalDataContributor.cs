namespace FibroStore.SharedKernel.Privacy;

/// <summary>
/// A module that keeps personal data adds its part to a person's "download my data" file.
/// Modules also honour Accounts' AccountDeleted event to erase that data.
/// </summary>
public interface IPersonalDataContributor
{
    string Section { get; }
    Task<object?> CollectAsync(string userId, string email, CancellationToken ct);
}
