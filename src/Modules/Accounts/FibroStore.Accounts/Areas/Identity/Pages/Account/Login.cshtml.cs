using System.ComponentModel.DataAnnotations;
using System.Globalization;
using FibroStore.Accounts.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;

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
        switch (outcome)
        {
            case Outcome.SignedIn:
                return LocalRedirect(returnUrl);
            case Outcome.TwoStep:
                return RedirectToPage("./LoginWith2fa", new { ReturnUrl = returnUrl, Input.RememberMe });
            case Outcome.Paused paused:
                LockedOutMinutes = paused.Minutes;
                return TooMany(paused.Minutes);
            case Outcome.TooMany tooMany:
                ModelState.AddModelError(string.Empty,
                    $"There have been a lot of sign-in attempts from your network in the last few minutes. " +
                    $"Please wait {tooMany.Minutes} {(tooMany.Minutes == 1 ? "minute" : "minutes")} and try again. Nothing has been changed.");
                return TooMany(tooMany.Minutes);
            default:
                // One message for a wrong password, an unknown address and an unconfirmed one: none of them says who has an account.
                ModelState.AddModelError(string.Empty,
                    "We could not sign you in with that email address and password. Please check them and try again. " +
                    "If you made your account recently, please first open the confirmation link we emailed you.");
                return Page();
        }
    }

    private PageResult TooMany(int minutes)
    {
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        Response.Headers.RetryAfter = (minutes * 60).ToString(CultureInfo.InvariantCulture);
        return Page();
    }

    public sealed record Command : ICommand<Outcome>
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

    public abstract record Outcome
    {
        public sealed record SignedIn : Outcome;
        public sealed record TwoStep : Outcome;
        public sealed record Failed : Outcome;
        /// <summary>Signing in to this address is paused for this many minutes.</summary>
        public sealed record Paused(int Minutes) : Outcome;
        /// <summary>This client made too many attempts; it may try again in this many minutes.</summary>
        public sealed record TooMany(int Minutes) : Outcome;
    }

    internal sealed class Handler(StoreSignInManager signIn, AccountLimits limits, DummyPassword dummy, TimeProvider clock)
        : ICommandHandler<Command, Outcome>
    {
        public async ValueTask<Outcome> Handle(Command command, CancellationToken cancellationToken)
        {
            var wait = await limits.TakeSignInAsync(command.ClientAddress, cancellationToken);
            if (wait > TimeSpan.Zero)
                return new Outcome.TooMany(AccountLimits.Minutes(wait));
            var email = command.Email.Trim();
            var paused = await limits.SignInPausedForAsync(email, cancellationToken);
            if (paused > TimeSpan.Zero)
                return new Outcome.Paused(AccountLimits.Minutes(paused));

            var users = signIn.UserManager;
            var user = await users.FindByNameAsync(email);
            if (user?.PasswordHash is null || !await users.CheckPasswordAsync(user, command.Password))
            {
                if (user?.PasswordHash is null)
                    dummy.Verify(command.Password);
                var pause = await limits.RecordWrongPasswordAsync(email, cancellationToken);
                return pause > TimeSpan.Zero ? new Outcome.Paused(AccountLimits.Minutes(pause)) : new Outcome.Failed();
            }

            // The password is right: only the account's owner can learn what follows.
            if (!await signIn.CanSignInAsync(user))
                return new Outcome.Failed();
            if (await users.IsLockedOutAsync(user))
            {
                // Paused by wrong codes on the two-step page, which Identity's lockout counts.
                var left = (user.LockoutEnd ?? clock.GetUtcNow()) - clock.GetUtcNow();
                return new Outcome.Paused(AccountLimits.Minutes(left));
            }
            await limits.ForgetWrongPasswordsAsync(email, cancellationToken);
            var result = await signIn.SignInCheckedAsync(user, command.RememberMe);
            return result.RequiresTwoFactor ? new Outcome.TwoStep() : new Outcome.SignedIn();
        }
    }
}
