using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using FibroStore.Accounts.Data;
using FibroStore.Accounts.Identity;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

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
        var errors = await mediator.Send(new Set(UserId, Input.NewPassword), ct);
        if (errors is null)
            return NotFound();
        if (errors.Count > 0)
        {
            IdentityErrors.AddTo(ModelState, errors, passwordField: "Input.NewPassword");
            return Page();
        }
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

    /// <summary>Null when the account no longer exists; otherwise Identity's refusals, empty on success.</summary>
    public sealed record Set(string UserId, string NewPassword) : ICommand<IReadOnlyList<IdentityError>?>;

    internal sealed class Handler(UserManager<StoreUser> users, SignInManager<StoreUser> signIn)
        : ICommandHandler<Set, IReadOnlyList<IdentityError>?>
    {
        public async ValueTask<IReadOnlyList<IdentityError>?> Handle(Set command, CancellationToken cancellationToken)
        {
            var user = await users.FindByIdAsync(command.UserId);
            if (user is null)
                return null;
            var added = await users.AddPasswordAsync(user, command.NewPassword);
            if (!added.Succeeded)
                return added.Errors.ToList();
            await signIn.RefreshSignInAsync(user);
            return [];
        }
    }
}
