using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace FibroStore.Accounts.Areas.Identity.Pages.Account;

/// <summary>
/// Replaces the package's sign-in page. Every attempt checks exactly one password hash (a dummy one when the
/// address has no account or no password), and wrong passwords are counted per address whether or not it has an
/// account: the fifth in a row pauses signing in to that address, with the same page (429) for everyone. Each
/// client may also make only so many attempts in a few minutes, whatever addresses it tries.
/// </summary>
[AllowAnonymous]
public sealed class LoginPage(IMediator mediator) : PageModel
{
    [BindProperty] public Command Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public int? LockedOutMinutes { get; private set; }
    [TempData] public string? StatusMessage { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
            return Page();

        var outcome = await mediator.Send(Input with { ClientAddress = AccountLimits.ClientOf(HttpContext) }, ct);
        var returnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
        if (!outcome.IsDone)
        {
            // A pause of this address has its own notice, with the way out through "Forgot your password?".
            if (outcome.Refusal is { Kind: RefusalKind.TooMany, Field: PausedField, RetryAfter: { } pause })
                LockedOutMinutes = (int)pause.TotalMinutes;
            return this.Refuse(outcome.Refusal);
        }
        return outcome.Value == SignInStep.TwoStep
            ? RedirectToPage("./LoginWith2fa", new { ReturnUrl = returnUrl, Input.RememberMe })
            : LocalRedirect(returnUrl);
    }

    /// <summary>The field a paused address's refusal is about: the pause belongs to the address, whoever types it.</summary>
    private const string PausedField = "Input.Email";

    public sealed record Command : ICommand<Outcome<SignInStep>>
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
        [StringLength(254, ErrorMessage = "An email address can be at most 254 characters long.")]
        public string Email { get; init; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [TypedPassword]
        [DataType(DataType.Password)]
        public string Password { get; init; } = "";

        public bool RememberMe { get; init; }

        [BindNever] public string ClientAddress { get; init; } = "";
    }

    public enum SignInStep
    {
        SignedIn,
        /// <summary>The password was right; the second step is still to come.</summary>
        TwoStep,
    }

    internal sealed class Handler(StoreSignInManager signIn, AccountLimits limits, DummyPassword dummy, TimeProvider clock)
        : ICommandHandler<Command, Outcome<SignInStep>>
    {
        public async ValueTask<Outcome<SignInStep>> Handle(Command command, CancellationToken cancellationToken)
        {
            var wait = await limits.TakeSignInAsync(command.ClientAddress, cancellationToken);
            if (wait > TimeSpan.Zero)
                return AccountLimits.Wait(wait, minutes =>
                    "There have been a lot of sign-in attempts from your network in the last few minutes. " +
                    $"Please wait {minutes} and try again. Nothing has been changed.");
            var email = command.Email.Trim();
            var paused = await limits.SignInPausedForAsync(email, cancellationToken);
            if (paused > TimeSpan.Zero)
                return Paused(paused);

            var users = signIn.UserManager;
            var user = await users.FindByNameAsync(email);
            if (user?.PasswordHash is null || !await users.CheckPasswordAsync(user, command.Password))
            {
                if (user?.PasswordHash is null)
                    dummy.Verify(command.Password);
                var pause = await limits.RecordWrongPasswordAsync(email, cancellationToken);
                return pause > TimeSpan.Zero ? Paused(pause) : Failed;
            }

            // The password is right: only the account's owner can learn what follows.
            if (!await signIn.CanSignInAsync(user))
                return Failed;
            if (await users.IsLockedOutAsync(user))
            {
                // Paused by wrong codes on the two-step page, which Identity's lockout counts.
                return Paused((user.LockoutEnd ?? clock.GetUtcNow()) - clock.GetUtcNow());
            }
            await limits.ForgetWrongPasswordsAsync(email, cancellationToken);
            var result = await signIn.SignInCheckedAsync(user, command.RememberMe);
            return result.RequiresTwoFactor ? SignInStep.TwoStep : SignInStep.SignedIn;
        }

        /// <summary>One message for a wrong password, an unknown address and an unconfirmed one: none of them says who has an account.</summary>
        private static readonly Refusal Failed = Refusal.Invalid(
            "We could not sign you in with that email address and password. Please check them and try again. " +
            "If you made your account recently, please first open the confirmation link we emailed you.");

        private static Refusal Paused(TimeSpan wait) =>
            AccountLimits.Wait(wait, minutes => $"Signing in to this address is paused for {minutes}.", PausedField);
    }
}
