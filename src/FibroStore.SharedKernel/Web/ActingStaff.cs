using System.Security.Claims;

namespace FibroStore.SharedKernel.Web;

/// <summary>
/// The one way staff pages name who is acting: the account id the audit log and every "changed by" record keep, and
/// the name staff sign their work with. Staff pages are reached only signed in, so a missing id is a fault, not input.
/// </summary>
public static class ActingStaff
{
    /// <summary>The sign-in cookie's claim with the person's display name (Accounts puts it there).</summary>
    public const string DisplayNameClaim = "display_name";

    public static string StaffId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("A staff action was reached without a signed-in account.");

    /// <summary>Their display name, or the address they sign in with when they have none.</summary>
    public static string StaffName(this ClaimsPrincipal user) =>
        user.FindFirstValue(DisplayNameClaim) ?? user.Identity?.Name ?? StaffId(user);
}
