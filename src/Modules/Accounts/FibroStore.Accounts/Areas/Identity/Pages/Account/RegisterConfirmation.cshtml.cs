namespace FibroStore.Accounts.Areas.Identity.Pages.Account;

/// <summary>
/// "Check your email". The package's version looks the address up and answers 404 for an unknown one, which
/// would tell anyone who has an account; this one says the same thing to everybody.
/// </summary>
[AllowAnonymous]
public sealed class RegisterConfirmationPage : PageModel
{
    public void OnGet()
    {
    }
}
