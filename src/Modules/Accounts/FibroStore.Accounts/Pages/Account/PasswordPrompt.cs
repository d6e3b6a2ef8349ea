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

    /// <summary>The prompt again after a password that was refused (or, with none, the first time it is asked).</summary>
    public static PasswordPrompt After(string action, string cancelUrl, IReadOnlyList<KeyValuePair<string, string>> fields, Refusal? refusal) =>
        new(action, cancelUrl, fields,
            WrongPassword: refusal?.Kind == RefusalKind.Invalid,
            PausedMinutes: refusal is { Kind: RefusalKind.TooMany, RetryAfter: { } wait } ? (int)wait.TotalMinutes : null);
}
