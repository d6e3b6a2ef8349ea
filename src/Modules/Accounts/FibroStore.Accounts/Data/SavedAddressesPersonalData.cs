using FibroStore.SharedKernel.Privacy;

namespace FibroStore.Accounts.Data;

/// <summary>The addresses kept with an account, in its "download my data" file. Deleting the account deletes them (cascade).</summary>
internal sealed class SavedAddressesPersonalData(AccountsDbContext db) : IPersonalDataContributor
{
    public string Section => "addresses";

    public async Task<object?> CollectAsync(string userId, string email, CancellationToken ct) =>
        await db.Addresses.AsNoTracking().Where(a => a.UserId == userId).OrderBy(a => a.Kind)
            .Select(a => new { Kind = a.Kind.ToString(), a.Name, a.Company, a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country, a.Phone })
            .ToListAsync(ct);
}
