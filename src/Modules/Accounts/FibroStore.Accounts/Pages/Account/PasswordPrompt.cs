namespace FibroStore.Accounts.Pages.Account;

/// <summary>
/// The "confirm your password" prompt shown instead of a sensitive staff action. <see cref="Fields"/> are the form
/// fields that were sent, carried in the prompt so that the same form is sent again with the password.
/// </summary>
public sealed record PasswordPrompt(
    string Action,
    string CancelUrl,
    IReadOnlyList<KeyValuePair<string, string>> Fields,
    bool WrongPassword,
    int? PausedMinutes)
{
    public const string View = "/Pages/Account/_PasswordPrompt.cshtml";
}
