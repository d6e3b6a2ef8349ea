using Microsoft.AspNetCore.Mvc;

namespace FibroStore.Accounts.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// Replaces the package's page so that the store never loses its last admin: that person is told to make someone
/// else an admin first (409), under the same lock as role changes, so two admins deleting themselves at once
/// cannot both go.
/// </summary>
public sealed class DeletePersonalDataPage(IMediator mediator) : PageModel
{
    [BindProperty] public Form Input { get; set; } = new();
    public bool RequirePassword { get; private set; }
    public bool LastAdmin { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var state = await mediator.Send(new Load(UserId), ct);
        if (state is null)
            return NotFound();
        (RequirePassword, LastAdmin) = (state.HasPassword, state.LastAdmin);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var state = await mediator.Send(new Load(UserId), ct);
        if (state is null)
            return NotFound();
        RequirePassword = state.HasPassword;
        if (RequirePassword && string.IsNullOrEmpty(Input.Password))
            ModelState.AddModelError("Input.Password", "Enter your password to confirm that you want to delete your account.");
        if (!ModelState.IsValid)
            return Page();

        var outcome = await mediator.Send(new Delete(UserId, Input.Password), ct);
        if (outcome.IsDone)
            return Redirect("/");
        if (outcome.Refusal.Kind == RefusalKind.NotFound)
            return NotFound();
        // The only admin sees why the account stays and what to do first, in place of the form.
        LastAdmin = outcome.Refusal.Kind == RefusalKind.Conflict;
        return this.Refuse(outcome.Refusal);
    }

    public const string LastAdminMessage =
        "You are the store's only admin, so your account cannot be deleted yet: the store always needs someone who can manage it.";

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    public sealed class Form
    {
        [TypedPassword]
        [DataType(DataType.Password)]
        public string? Password { get; set; }
    }

    public sealed record State(bool HasPassword, bool LastAdmin);

    /// <summary>Null when the signed-in account no longer exists.</summary>
    public sealed record Load(string UserId) : IQuery<State?>;

    public sealed record Delete(string UserId, string? Password) : ICommand<Outcome>;

    internal sealed class Handler(AccountsDbContext db, UserManager<StoreUser> users, SignInManager<StoreUser> signIn)
        : IQueryHandler<Load, State?>, ICommandHandler<Delete, Outcome>
    {
        private static readonly string NormalizedAdmin = StaffRoles.Admin.ToUpperInvariant();

        public async ValueTask<State?> Handle(Load query, CancellationToken cancellationToken)
        {
            var user = await users.FindByIdAsync(query.UserId);
            return user is null ? null : new State(await users.HasPasswordAsync(user), await IsLastAdminAsync(user.Id, cancellationToken));
        }

        public async ValueTask<Outcome> Handle(Delete command, CancellationToken cancellationToken)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // The same lock as role changes: an admin leaving and another being demoted cannot both pass the check.
            await AdminLock.TakeAsync(db, cancellationToken);
            var user = await users.FindByIdAsync(command.UserId);
            if (user is null)
                return AccountGone.Refusal;
            if (await users.HasPasswordAsync(user) && !await users.CheckPasswordAsync(user, command.Password ?? ""))
                return Refusal.Invalid("That password is not right.", "Input.Password");
            if (await IsLastAdminAsync(user.Id, cancellationToken))
                return Refusal.Conflict(LastAdminMessage);

            var deleted = await users.DeleteAsync(user);
            if (!deleted.Succeeded)
                throw new InvalidOperationException($"Could not delete the account: {string.Join("; ", deleted.Errors.Select(e => e.Description))}");
            await transaction.CommitAsync(cancellationToken);
            await signIn.SignOutAsync();
            return Outcome.Done;
        }

        private async Task<bool> IsLastAdminAsync(string userId, CancellationToken ct)
        {
            var admins = await (
                from userRole in db.UserRoles
                join role in db.Roles on userRole.RoleId equals role.Id
                where role.NormalizedName == NormalizedAdmin
                select userRole.UserId).Take(2).ToListAsync(ct);
            return admins is [var only] && only == userId;
        }
    }
}
