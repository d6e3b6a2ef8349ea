using Microsoft.AspNetCore.Mvc;

namespace FibroStore.Accounts.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// Replaces the package's profile page, which edits a phone number the store has no use for, with the name we
/// greet people by.
/// </summary>
public sealed class ProfilePage(IMediator mediator) : PageModel
{
    [BindProperty] public Form Input { get; set; } = new();
    public string Email { get; private set; } = "";
    [TempData] public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var profile = await mediator.Send(new Load(UserId), ct);
        if (profile is null)
            return NotFound();
        Email = profile.Email;
        Input = new Form { DisplayName = profile.DisplayName };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Email = (await mediator.Send(new Load(UserId), ct))?.Email ?? "";
            return Page();
        }
        if (!(await mediator.Send(new Save(UserId, Input.DisplayName), ct)).IsDone)
            return NotFound();
        StatusMessage = "Your profile is saved.";
        return RedirectToPage();
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    public sealed class Form
    {
        [Required(ErrorMessage = "Enter your name.")]
        [StringLength(80, ErrorMessage = "Your name can be at most 80 characters long.")]
        public string DisplayName { get; set; } = "";
    }

    public sealed record Profile(string DisplayName, string Email);
    public sealed record Load(string UserId) : IQuery<Profile?>;

    /// <summary>Refused only when the account no longer exists.</summary>
    public sealed record Save(string UserId, string DisplayName) : ICommand<Outcome>;

    internal sealed class Handler(UserManager<StoreUser> users, SignInManager<StoreUser> signIn)
        : IQueryHandler<Load, Profile?>, ICommandHandler<Save, Outcome>
    {
        public async ValueTask<Profile?> Handle(Load query, CancellationToken cancellationToken)
        {
            var user = await users.FindByIdAsync(query.UserId);
            return user is null ? null : new Profile(user.DisplayName, user.Email ?? "");
        }

        public async ValueTask<Outcome> Handle(Save command, CancellationToken cancellationToken)
        {
            var user = await users.FindByIdAsync(command.UserId);
            if (user is null)
                return AccountGone.Refusal;
            user.DisplayName = command.DisplayName.Trim();
            var updated = await users.UpdateAsync(user);
            if (!updated.Succeeded)
                throw new InvalidOperationException($"Could not save the profile: {string.Join("; ", updated.Errors.Select(e => e.Description))}");
            // The name travels in the sign-in cookie; issue a fresh one so the header shows the new name now.
            await signIn.RefreshSignInAsync(user);
            return Outcome.Done;
        }
    }
}
