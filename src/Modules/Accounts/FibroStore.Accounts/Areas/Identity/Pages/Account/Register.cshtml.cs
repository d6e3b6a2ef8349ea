using System.ComponentModel.DataAnnotations;
using FibroStore.Accounts.Data;
using FibroStore.Accounts.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

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
        var errors = await mediator.Send(Input, ct);
        if (errors.Count == 0)
            return RedirectToPage("./RegisterConfirmation");
        IdentityErrors.AddTo(ModelState, errors);
        return Page();
    }

    public sealed record Command : ICommand<IReadOnlyList<IdentityError>>
    {
        [Required(ErrorMessage = "Enter your name.")]
        [StringLength(80, ErrorMessage = "Your name can be at most 80 characters long.")]
        public string DisplayName { get; init; } = "";

        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
        [StringLength(254, ErrorMessage = "An email address can be at most 254 characters long.")]
        public string Email { get; init; } = "";

        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(128, MinimumLength = 10, ErrorMessage = "Choose a password of at least 10 and at most 128 characters.")]
        [DataType(DataType.Password)]
        public string Password { get; init; } = "";

        [Required(ErrorMessage = "Type the password again.")]
        [StringLength(128, ErrorMessage = "A password can be at most 128 characters long.")]
        [DataType(DataType.Password)]
        [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same. Please type them again.")]
        public string ConfirmPassword { get; init; } = "";
    }

    internal sealed class Handler(UserManager<StoreUser> users, AccountEmails emails, StoreLinks links, TimeProvider clock)
        : ICommandHandler<Command, IReadOnlyList<IdentityError>>
    {
        public async ValueTask<IReadOnlyList<IdentityError>> Handle(Command command, CancellationToken cancellationToken)
        {
            var email = command.Email.Trim();
            if (await users.FindByEmailAsync(email) is not null)
            {
                await emails.SendAlreadyRegisteredAsync(email, cancellationToken);
                return [];
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
                return created.Errors.ToList();

            var token = await users.GenerateEmailConfirmationTokenAsync(user);
            await emails.SendConfirmationAsync(email, user.DisplayName, links.ConfirmEmail(user.Id, token), cancellationToken);
            return [];
        }
    }
}
