using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace FibroStore.Accounts.Areas.Identity.Pages.Account;

/// <summary>
/// Replaces the package's page to ask for a name, apply the store's limits, and keep secret who has an account:
/// an address that is already registered gets the same answer here, and its owner gets an email instead.
/// </summary>
[AllowAnonymous]
public sealed class RegisterPage(IMediator mediator) : PageModel
{
    [BindProperty] public Command Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
            return Page();
        var outcome = await mediator.Send(Input with { ClientAddress = AccountLimits.ClientOf(HttpContext) }, ct);
        return outcome.IsDone ? RedirectToPage("./RegisterConfirmation") : this.Refuse(outcome.Refusal);
    }

    public sealed record Command : ICommand<Outcome>
    {
        [Required(ErrorMessage = "Enter your name.")]
        [StringLength(80, ErrorMessage = "Your name can be at most 80 characters long.")]
        public string DisplayName { get; init; } = "";

        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
        [StringLength(254, ErrorMessage = "An email address can be at most 254 characters long.")]
        public string Email { get; init; } = "";

        [Required(ErrorMessage = "Choose a password.")]
        [ChosenPassword]
        [DataType(DataType.Password)]
        public string Password { get; init; } = "";

        [Required(ErrorMessage = "Type the password again.")]
        [TypedPassword]
        [DataType(DataType.Password)]
        [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same. Please type them again.")]
        public string ConfirmPassword { get; init; } = "";

        [BindNever] public string ClientAddress { get; init; } = "";
    }

    internal sealed class Handler(UserManager<StoreUser> users, AccountEmails emails, AccountLimits limits, StoreLinks links, TimeProvider clock)
        : ICommandHandler<Command, Outcome>
    {
        public async ValueTask<Outcome> Handle(Command command, CancellationToken cancellationToken)
        {
            var wait = await limits.TakeRegistrationAsync(command.ClientAddress, cancellationToken);
            if (wait > TimeSpan.Zero)
                return AccountLimits.Wait(wait, minutes =>
                    $"Several accounts have been made from your network in the last hour. Please wait {minutes} and try again. Nothing has been saved yet.");

            var email = command.Email.Trim();
            if (await users.FindByEmailAsync(email) is not null)
            {
                // Over the address's email limit the answer stays the same; the email is simply not sent.
                if (await limits.TryTakeEmailAsync(email, cancellationToken))
                    await emails.SendAlreadyRegisteredAsync(email, cancellationToken);
                return Outcome.Done;
            }

            var user = new StoreUser
            {
                UserName = email,
                Email = email,
                DisplayName = command.DisplayName.Trim(),
                CreatedAt = clock.GetUtcNow(),
            };
            var created = await users.CreateAsync(user, command.Password);
            if (!created.Succeeded)
                return IdentityErrors.ToRefusal(created.Errors);

            if (await limits.TryTakeEmailAsync(email, cancellationToken))
            {
                var token = await users.GenerateEmailConfirmationTokenAsync(user);
                await emails.SendConfirmationAsync(email, user.DisplayName, links.ConfirmEmail(user.Id, token), cancellationToken);
            }
            return Outcome.Done;
        }
    }
}
