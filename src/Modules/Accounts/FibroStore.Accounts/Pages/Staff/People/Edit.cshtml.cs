using FibroStore.Accounts.Contracts;
using Microsoft.AspNetCore.Mvc;

namespace FibroStore.Accounts.Pages.Staff.People;

/// <summary>
/// Changes what one person may do. Unticking every role takes them off the staff (their customer account stays).
/// The store never ends up without an admin: the last one cannot lose the role.
/// </summary>
[RequiresRecentPassword]
public sealed class EditPersonPage(IMediator mediator) : PageModel
{
    [BindProperty] public Form Input { get; set; } = new();
    public PeoplePage.Person? Person { get; private set; }
    [TempData] public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        Person = await mediator.Send(new Load(id), ct);
        if (Person is null)
            return NotFound();
        Input = new Form { Roles = Person.Roles.ToList() };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        Person = await mediator.Send(new Load(id), ct);
        if (Person is null)
            return NotFound();
        if (Input.Roles.Except(StaffRoles.All).Any())
            ModelState.AddModelError("Input.Roles", "Choose roles from the list.");
        if (!ModelState.IsValid)
            return Page();

        var actor = User.StaffId();
        var outcome = await mediator.Send(new Command(id, Input.Roles, actor), ct);
        if (!outcome.IsDone)
            return outcome.Refusal.Kind == RefusalKind.NotFound ? NotFound() : this.Refuse(outcome.Refusal);
        StatusMessage = outcome.Value == Change.Unchanged
            ? $"{Person.DisplayName}'s roles were already like that; nothing changed."
            : $"{Person.DisplayName}'s roles are saved. They apply within a minute.";
        return RedirectToPage("./Index");
    }

    public sealed class Form
    {
        public List<string> Roles { get; set; } = [];
    }

    public enum Change
    {
        Saved,
        Unchanged,
    }

    public sealed record Load(string UserId) : IQuery<PeoplePage.Person?>;

    public sealed record Command(string UserId, IReadOnlyList<string> Roles, string ActorId) : ICommand<Outcome<Change>>;

    internal sealed class Handler(AccountsDbContext db, TimeProvider clock)
        : IQueryHandler<Load, PeoplePage.Person?>, ICommandHandler<Command, Outcome<Change>>
    {
        public async ValueTask<PeoplePage.Person?> Handle(Load query, CancellationToken cancellationToken)
        {
            var user = await db.Users.AsNoTracking()
                .Where(u => u.Id == query.UserId)
                .Select(u => new { u.Id, u.DisplayName, u.Email, Pending = u.PasswordHash == null, u.TwoFactorEnabled })
                .SingleOrDefaultAsync(cancellationToken);
            if (user is null)
                return null;
            var (_, current) = await StaffRolesAsync(user.Id, cancellationToken);
            return new PeoplePage.Person(user.Id, user.DisplayName, user.Email ?? "", current, user.Pending, user.TwoFactorEnabled);
        }

        public async ValueTask<Outcome<Change>> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Two admins demoting each other at the same moment must not both see "another admin is left".
            await AdminLock.TakeAsync(db, cancellationToken);
            var name = await db.Users.Where(u => u.Id == command.UserId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken);
            if (name is null)
                return Refusal.NotFound("There is no such person.");

            var (roleIds, current) = await StaffRolesAsync(command.UserId, cancellationToken);
            var wanted = StaffRoles.All.Where(command.Roles.Contains).ToList();
            if (current.SequenceEqual(wanted))
                return Change.Unchanged;

            if (current.Contains(StaffRoles.Admin) && !wanted.Contains(StaffRoles.Admin)
                && await db.UserRoles.CountAsync(ur => ur.RoleId == roleIds[StaffRoles.Admin], cancellationToken) <= 1)
                // Refused like any form whose ticks cannot be saved as they are, beside the roles.
                return Refusal.Invalid($"{name} is the only admin. Make someone else an admin first, so the store always has one.", "Input.Roles");

            var removedIds = current.Except(wanted).Select(r => roleIds[r]).ToList();
            db.UserRoles.RemoveRange(await db.UserRoles
                .Where(ur => ur.UserId == command.UserId && removedIds.Contains(ur.RoleId))
                .ToListAsync(cancellationToken));
            foreach (var role in wanted.Except(current))
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = command.UserId, RoleId = roleIds[role] });
            AuditTrail.Record(db, clock.GetUtcNow(), command.ActorId, AuditAreas.Accounts, "staff.roles_changed", "User",
                command.UserId, before: new { roles = current }, after: new { roles = wanted });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Change.Saved;
        }

        /// <summary>The ids of the staff roles, and which of them the person has, in the store's order.</summary>
        private async Task<(Dictionary<string, string> RoleIds, List<string> Current)> StaffRolesAsync(string userId, CancellationToken ct)
        {
            var roleIds = await db.Roles
                .Where(r => StaffRoles.All.Contains(r.Name!))
                .ToDictionaryAsync(r => r.Name!, r => r.Id, ct);
            var ids = roleIds.Values.ToList();
            var held = await db.UserRoles
                .Where(ur => ur.UserId == userId && ids.Contains(ur.RoleId))
                .Select(ur => ur.RoleId)
                .ToListAsync(ct);
            return (roleIds, StaffRoles.All.Where(r => roleIds.TryGetValue(r, out var id) && held.Contains(id)).ToList());
        }
    }
}
