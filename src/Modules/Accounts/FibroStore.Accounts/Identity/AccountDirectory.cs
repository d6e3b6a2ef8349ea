using FibroStore.Accounts.Contracts;

namespace FibroStore.Accounts.Identity;

internal sealed class AccountDirectory(AccountsDbContext db, ILookupNormalizer normalizer) : IAccountDirectory
{
    public async Task<IReadOnlyDictionary<string, string>> GetLabelsAsync(IReadOnlyCollection<string> accountIds, CancellationToken ct)
    {
        if (accountIds.Count == 0) return new Dictionary<string, string>();
        var wanted = accountIds.Distinct().ToList();
        var accounts = await db.Users.AsNoTracking()
            .Where(u => wanted.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email })
            .ToListAsync(ct);
        return accounts.ToDictionary(a => a.Id, a => string.IsNullOrWhiteSpace(a.DisplayName) ? a.Email ?? "" : $"{a.DisplayName} ({a.Email})");
    }

    public Task<string?> FindIdByEmailAsync(string email, CancellationToken ct)
    {
        // Identity keeps emails normalised for look-ups like this one, and indexes that column.
        var normalized = normalizer.NormalizeEmail(email.Trim());
        return db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).FirstOrDefaultAsync(ct);
    }
}
