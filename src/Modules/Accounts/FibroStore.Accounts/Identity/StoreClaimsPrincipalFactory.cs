using Microsoft.Extensions.Options;

namespace FibroStore.Accounts.Identity;

/// <summary>
/// Adds the display name to the sign-in cookie, so the header can greet people without a database read, and whether
/// two-step sign-in is on, so the staff gate need not read the database on every request.
/// </summary>
internal sealed class StoreClaimsPrincipalFactory(
    UserManager<StoreUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<StoreUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StoreUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrWhiteSpace(user.DisplayName))
            identity.AddClaim(new Claim(ActingStaff.DisplayNameClaim, user.DisplayName));
        if (user.TwoFactorEnabled)
            identity.AddClaim(new Claim(StaffSessions.TwoStepClaim, "on"));
        return identity;
    }
}
