using Microsoft.AspNetCore.Mvc;

namespace FibroStore.Accounts.Areas.Identity.Pages.Account.Manage;

/// <summary>For an account without a password yet; replaces the package's page for the store's password rule.</summary>
public sealed class SetPasswordPage(IMediator mediator) : PageModel
{
    [BindProperty] public Form Input { get; set; } = new();
    [TempData] public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await mediator.Send(new ChangePasswordPage.HasPassword(UserId), ct) switch
        {
            null => NotFound(),
            true => RedirectToPage("./ChangePassword"),
            false => Page(),
        };

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
            return Page();
        var outcome = await mediator.Send(new Set(UserId, Input.NewPassword), ct);
        if (!outcome.IsDone)
            return outcome.Refusal.Kind == RefusalKind.NotFound ? NotFound() : this.Refuse(outcome.Refusal);
        StatusMessage = "Your password is set.";
        return RedirectToPage();
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    public sealed class Form
    {
        [Required(ErrorMessage = "Choose a password.")]
        [ChosenPassword]
        [DataType(DataType.Password)]
        public string NewPassword { get; set; } = "";

        [Required(ErrorMessage = "Type the password again.")]
        [TypedPassword]
        [DataType(DataType.Password)]
        [Compare(nameof(NewPassword), ErrorMessage = "The two passwords are not the same. Please type them again.")]
        public string ConfirmPassword { get; set; } = "";
    }

    public sealed record Set(string UserId, string NewPassword) : ICommand<Outcome>;

    internal sealed class Handler(UserManager<StoreUser> users, SignInManager<StoreUser> signIn) : ICommandHandler<Set, Outcome>
    {
        public async ValueTask<Outcome> Handle(Set command, CancellationToken cancellationToken)
        {
            var user = await users.FindByIdAsync(command.UserId);
            if (user is null)
                return AccountGone.Refusal;
            var added = await users.AddPasswordAsync(user, command.NewPassword);
            if (!added.Succeeded)
                return IdentityErrors.ToRefusal(added.Errors, passwordField: "Input.NewPassword");
            await signIn.RefreshSignInAsync(user);
            return Outcome.Done;
        }
    }
}
