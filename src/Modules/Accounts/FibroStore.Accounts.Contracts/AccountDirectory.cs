namespace FibroStore.Accounts.Contracts;

/// <summary>
/// Who is behind an account id, for staff pages that record people by id only (the audit log). A deleted account's
/// name and email are gone with it, so such an id simply finds nothing.
/// </summary>
public interface IAccountDirectory
{
    /// <summary>
    /// "Display name (email)" for each of <paramref name="accountIds"/> that still has an account, in one query;
    /// ids without an account are simply absent.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> GetLabelsAsync(IReadOnlyCollection<string> accountIds, CancellationToken ct);

    /// <summary>The id of the account with this email (in any letter case), or null when there is none.</summary>
    Task<string?> FindIdByEmailAsync(string email, CancellationToken ct);
}
