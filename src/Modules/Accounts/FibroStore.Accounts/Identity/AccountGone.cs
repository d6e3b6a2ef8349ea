namespace FibroStore.Accounts.Identity;

internal static class AccountGone
{
    /// <summary>The signed-in account was deleted meanwhile (in another tab or on another device): the page has nothing to show.</summary>
    public static readonly Refusal Refusal = Refusal.NotFound("This account no longer exists.");
}
