using Microsoft.AspNetCore.Mvc;

namespace FibroStore.Accounts.Areas.Identity.Pages.Account;

/// <summary>
/// Replaces the package's page, which reports success as a form error. The answer is the same whether or not
/// the address has an account.
/// </summary>
[AllowAnonymous]
public sealed class ResendEmailConfirmationPage(IMediator mediator) : PageModel
{
    [BindProperty] public Command Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public bool Sent { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
            return Page();
        await mediator.Send(Input, ct);
        return RedirectToPage(new { sent = true });
    }

    public sealed record Command : ICommand
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
        [StringLength(254, ErrorMessage = "An email address can be at most 254 characters long.")]
        public string Email { get; init; } = "";
    }

    internal sealed class Handler(UserManager<StoreUser> users, AccountEmails emails, AccountLimits limits, StoreLinks links) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var user = await users.FindByEmailAsync(command.Email.Trim());
            // Over the address's email limit the answer stays the same; the email is simply not sent.
            if (user is { EmailConfirmed: false, Email: not null } && await limits.TryTakeEmailAsync(user.Email, cancellationToken))
            {
                var token = await users.GenerateEmailConfirmationTokenAsync(user);
                await emails.SendConfirmationAsync(user.Email, user.DisplayName, links.ConfirmEmail(user.Id, token), cancellationToken);
            }
            return Unit.Value;
        }
    }
}
