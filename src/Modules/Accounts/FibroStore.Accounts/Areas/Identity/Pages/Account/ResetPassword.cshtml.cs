using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace FibroStore.Accounts.Areas.Identity.Pages.Account;

/// <summary>
/// Replaces the package's page for the store's password rule (10 to 128 characters), a clear answer to a
/// damaged or used link, and to end a lockout: whoever can read the mailbox may sign in again at once.
/// </summary>
[AllowAnonymous]
public sealed class ResetPasswordPage(IMediator mediator) : PageModel
{
    private const string BadLinkMessage =
        "This link has expired, was already used, or belongs to another email address. Please ask for a new one.";

    [BindProperty] public Command Input { get; set; } = new();

    /// <summary>From the emailed link; the form posts back to the same address, so it is there on both requests.</summary>
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }

    public bool BadLink { get; private set; }

    public IActionResult OnGet()
    {
        if (StoreLinks.DecodeToken(Code) is null)
        {
            BadLink = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
            return Page();
        var outcome = await mediator.Send(Input with { Code = Code }, ct);
        return outcome.IsDone ? RedirectToPage("./ResetPasswordConfirmation") : this.Refuse(outcome.Refusal);
    }

    public sealed record Command : ICommand<Outcome>
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
        [StringLength(254, ErrorMessage = "An email address can be at most 254 characters long.")]
        public string Email { get; init; } = "";

        [Required(ErrorMessage = "Choose a new password.")]
        [ChosenPassword]
        [DataType(DataType.Password)]
        public string Password { get; init; } = "";

        [Required(ErrorMessage = "Type the new password again.")]
        [TypedPassword]
        [DataType(DataType.Password)]
        [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same. Please type them again.")]
        public string ConfirmPassword { get; init; } = "";

        [BindNever] public string? Code { get; init; }
    }

    internal sealed class Handler(UserManager<StoreUser> users, AccountLimits limits) : ICommandHandler<Command, Outcome>
    {
        public async ValueTask<Outcome> Handle(Command command, CancellationToken cancellationToken)
        {
            var token = StoreLinks.DecodeToken(command.Code);
            if (token is null)
                return LinkRefused;
            var user = await users.FindByEmailAsync(command.Email.Trim());
            if (user is null)
                return LinkRefused;

            var reset = await users.ResetPasswordAsync(user, token, command.Password);
            if (reset.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken)))
                return LinkRefused;
            if (!reset.Succeeded)
                return IdentityErrors.ToRefusal(reset.Errors);

            if (await users.IsLockedOutAsync(user))
                await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            await limits.ForgetWrongPasswordsAsync(user.UserName ?? command.Email, cancellationToken);
            return Outcome.Done;
        }

        /// <summary>The same answer for an unknown address as for a spent link: neither says who has an account.</summary>
        private static readonly Refusal LinkRefused = Refusal.Invalid(BadLinkMessage);
    }
}
