using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FibroStore.Accounts.Identity;

/// <summary>
/// Identity's sign-in manager, plus a way to finish a sign-in whose password the sign-in page has already checked:
/// the page checks exactly one password hash per attempt (a dummy one for unknown addresses), so it cannot use
/// PasswordSignInAsync, which would check the hash a second time.
/// </summary>
internal sealed class StoreSignInManager(
    UserManager<StoreUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<StoreUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<StoreUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<StoreUser> confirmation)
    : SignInManager<StoreUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    /// <summary>Signs in, or starts two-step sign-in, for someone whose password was just found right.</summary>
    public Task<SignInResult> SignInCheckedAsync(StoreUser user, bool isPersistent) => SignInOrTwoFactorAsync(user, isPersistent);
}
