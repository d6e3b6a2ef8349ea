using System.ComponentModel.DataAnnotations;
using System.Globalization;
using FibroStore.Accounts.Data;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;

namespace FibroStore.Accounts.Areas.Identity.Pages.Account;

/// <summary>
/// Replaces the package's sign-in page, which does not count failed passwords towards lockout. Here the fifth
/// wrong password pauses the account, and the answer (429) says in plain words when to try again.
/// </summary>
[AllowAnonymous]
public sealed class LoginPage(IMediator mediator) : PageModel
{
    [BindProperty] public Command Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public int? LockedOutMinutes { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
            return Page();

        var outcome = await mediator.Send(Input, ct);
        var returnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
        if (outcome.Result.Succeeded)
            return LocalRedirect(returnUrl);
        if (outcome.Result.RequiresTwoFactor)
            return RedirectToPage("./LoginWith2fa", new { ReturnUrl = returnUrl, Input.RememberMe });
        if (outcome.Result.IsLockedOut)
        {
            LockedOutMinutes = outcome.LockedOutMinutes;
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = (outcome.LockedOutMinutes * 60).ToString(CultureInfo.InvariantCulture);
            return Page();
        }
        // One message for a wrong password, an unknown address and an unconfirmed one: none of them says who has an account.
        ModelState.AddModelError(string.Empty,
            "We could not sign you in with that email address and password. Please check them and try again. " +
            "If you made your account recently, please first open the confirmation link we emailed you.");
        return Page();
    }

    public sealed record Command : ICommand<Outcome>
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
        [StringLength(254, ErrorMessage = "An email address can be at most 254 characters long.")]
        public string Email { get; init; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [StringLength(128, ErrorMessage = "A password can be at most 128 characters long.")]
        [DataType(DataType.Password)]
        public string Password { get; init; } = "";

        public bool RememberMe { get; init; }
    }

    public sealed record Outcome(SignInResult Result, int LockedOutMinutes);

    internal sealed class Handler(SignInManager<StoreUser> signIn, TimeProvider clock) : ICommandHandler<Command, Outcome>
    {
        public async ValueTask<Outcome> Handle(Command command, CancellationToken cancellationToken)
        {
            var email = command.Email.Trim();
            var result = await signIn.PasswordSignInAsync(email, command.Password, command.RememberMe, lockoutOnFailure: true);
            if (!result.IsLockedOut)
                return new Outcome(result, 0);

            var user = await signIn.UserManager.FindByNameAsync(email);
            var left = (user?.LockoutEnd ?? clock.GetUtcNow()) - clock.GetUtcNow();
            return new Outcome(result, Math.Max(1, (int)Math.Ceiling(left.TotalMinutes)));
        }
    }
}
