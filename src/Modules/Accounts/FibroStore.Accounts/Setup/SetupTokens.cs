using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace FibroStore.Accounts.Setup;

/// <summary>
/// One-time tokens that let the first person through /setup become the admin. Each instance that starts without
/// an admin issues its own; any unexpired one works, and all are revoked when the admin is created.
/// </summary>
internal sealed class SetupTokens(AccountsDbContext db, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
    private static readonly string NormalizedAdmin = StaffRoles.Admin.ToUpperInvariant();

    /// <summary>Creates a token and returns it in plain text; only its hash is stored.</summary>
    public async Task<string> IssueAsync(CancellationToken ct = default)
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        await db.SetupTokens.Where(t => t.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        db.SetupTokens.Add(new SetupToken { Id = Guid.NewGuid(), Hash = Hash(token), CreatedAt = now, ExpiresAt = now + Lifetime });
        await db.SaveChangesAsync(ct);
        return token;
    }

    public async Task<bool> IsValidAsync(string? token, CancellationToken ct)
    {
        // Issued tokens are 43 characters; anything much longer is not worth hashing.
        if (string.IsNullOrEmpty(token) || token.Length > 100)
            return false;
        var hash = Hash(token);
        var now = clock.GetUtcNow();
        return await db.SetupTokens.AnyAsync(t => t.Hash == hash && t.ExpiresAt > now, ct);
    }

    public Task<int> RevokeAllAsync(CancellationToken ct) => db.SetupTokens.ExecuteDeleteAsync(ct);

    public Task<bool> AdminExistsAsync(CancellationToken ct) =>
        (from userRole in db.UserRoles
         join role in db.Roles on userRole.RoleId equals role.Id
         where role.NormalizedName == NormalizedAdmin
         select userRole).AnyAsync(ct);

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
