using Microsoft.AspNetCore.Mvc;

namespace FibroStore.Accounts.Areas.Identity.Pages.Account;

/// <summary>
/// Replaces the package's page, which sends nothing to an address that was never confirmed. Here that address
/// gets the confirmation email (saying why), a confirmed one gets a link to choose a new password, and every
/// address gets the same answer. Each email counts against the address's hourly email limit.
/// </summary>
[AllowAnonymous]
public sealed class ForgotPasswordPage(IMediator mediator) : PageModel
{
    [BindProperty] public Command Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
            return Page();
        await mediator.Send(Input, ct);
        return RedirectToPage("./ForgotPasswordConfirmation");
    }

    public sealed record Command : ICommand
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
        [StringLength(254, ErrorMessage = "An email address can be at most 254 characters long.")]
        public string Email { get; init; } = "";
    }

    internal sealed class Handler(UserManager<StoreUser> users, AccountEmails emails, AccountLimits limits, StoreLinks links)
        : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var user = await users.FindByEmailAsync(command.Email.Trim());
            if (user?.Email is not { } email || !await limits.TryTakeEmailAsync(email, cancellationToken))
                return Unit.Value;

            if (!user.EmailConfirmed)
            {
                // A password link would not help: signing in needs a confirmed address first.
                var confirm = await users.GenerateEmailConfirmationTokenAsync(user);
                await emails.SendConfirmationInsteadOfResetAsync(email, user.DisplayName, links.ConfirmEmail(user.Id, confirm), cancellationToken);
                return Unit.Value;
            }
            var reset = await users.GeneratePasswordResetTokenAsync(user);
            await emails.SendPasswordResetAsync(email, user.DisplayName, links.ResetPassword(reset), cancellationToken);
            return Unit.Value;
        }
    }
}
