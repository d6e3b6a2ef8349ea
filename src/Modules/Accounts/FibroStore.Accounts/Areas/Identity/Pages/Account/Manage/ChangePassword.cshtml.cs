using Microsoft.AspNetCore.Mvc;

namespace FibroStore.Accounts.Areas.Identity.Pages.Account.Manage;

/// <summary>Replaces the package's page so the form states and checks the store's password rule (10 to 128 characters).</summary>
public sealed class ChangePasswordPage(IMediator mediator) : PageModel
{
    [BindProperty] public Form Input { get; set; } = new();
    [TempData] public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await mediator.Send(new HasPassword(UserId), ct) switch
        {
            null => NotFound(),
            false => RedirectToPage("./SetPassword"),
            true => Page(),
        };

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
            return Page();
        var outcome = await mediator.Send(new Change(UserId, Input.OldPassword, Input.NewPassword), ct);
        if (!outcome.IsDone)
            return outcome.Refusal.Kind == RefusalKind.NotFound ? NotFound() : this.Refuse(outcome.Refusal);
        StatusMessage = "Your password is changed.";
        return RedirectToPage();
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    public sealed class Form
    {
        [Required(ErrorMessage = "Enter your current password.")]
        [TypedPassword]
        [DataType(DataType.Password)]
        public string OldPassword { get; set; } = "";

        [Required(ErrorMessage = "Choose a new password.")]
        [ChosenPassword]
        [DataType(DataType.Password)]
        public string NewPassword { get; set; } = "";

        [Required(ErrorMessage = "Type the new password again.")]
        [TypedPassword]
        [DataType(DataType.Password)]
        [Compare(nameof(NewPassword), ErrorMessage = "The two new passwords are not the same. Please type them again.")]
        public string ConfirmPassword { get; set; } = "";
    }

    /// <summary>Null when the signed-in account no longer exists.</summary>
    public sealed record HasPassword(string UserId) : IQuery<bool?>;

    public sealed record Change(string UserId, string OldPassword, string NewPassword) : ICommand<Outcome>;

    internal sealed class Handler(UserManager<StoreUser> users, SignInManager<StoreUser> signIn)
        : IQueryHandler<HasPassword, bool?>, ICommandHandler<Change, Outcome>
    {
        public async ValueTask<bool?> Handle(HasPassword query, CancellationToken cancellationToken)
        {
            var user = await users.FindByIdAsync(query.UserId);
            return user is null ? null : await users.HasPasswordAsync(user);
        }

        public async ValueTask<Outcome> Handle(Change command, CancellationToken cancellationToken)
        {
            var user = await users.FindByIdAsync(command.UserId);
            if (user is null)
                return AccountGone.Refusal;
            var changed = await users.ChangePasswordAsync(user, command.OldPassword, command.NewPassword);
            if (!changed.Succeeded)
                return IdentityErrors.ToRefusal(changed.Errors, passwordField: "Input.NewPassword", currentPasswordField: "Input.OldPassword");
            // Changing the password changes the security stamp, which signs out every other device; keep this one.
            await signIn.RefreshSignInAsync(user);
            return Outcome.Done;
        }
    }
}
