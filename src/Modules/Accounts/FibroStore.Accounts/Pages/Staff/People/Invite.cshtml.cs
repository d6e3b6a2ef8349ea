using FibroStore.Accounts.Contracts;
using Microsoft.AspNetCore.Mvc;

namespace FibroStore.Accounts.Pages.Staff.People;

/// <summary>
/// Invites someone to the staff. A new address gets an account without a password and an emailed link to choose
/// one; a confirmed account with a password simply gains the roles. Roles never go to an account whose owner has
/// not proved the address (anyone can register an address without confirming it): such an account becomes the
/// invitee's, without its password, and gets an invitation link like a new one.
/// </summary>
[RequiresRecentPassword]
public sealed class InvitePage(IMediator mediator) : PageModel
{
    [BindProperty] public Form Input { get; set; } = new();
    [TempData] public string? StatusMessage { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Input.Roles.Except(StaffRoles.All).Any())
            ModelState.AddModelError("Input.Roles", "Choose roles from the list.");
        if (!ModelState.IsValid)
            return Page();

        var actor = User.StaffId();
        var outcome = await mediator.Send(new Command(Input.Email, Input.DisplayName, Input.Roles, actor), ct);
        if (!outcome.IsDone)
            return this.Refuse(outcome.Refusal);
        var email = Input.Email.Trim();
        StatusMessage = outcome.Value switch
        {
            Result.Invited => $"Invitation sent to {email}.",
            Result.InvitedAgain => $"{email} had not joined yet, so we sent a new invitation. Earlier invitation links no longer work.",
            Result.TakenOver => $"{email} had an account that was never confirmed. It is now set aside for the person you invited: " +
                                "its old password no longer works, and we sent them an invitation.",
            Result.RolesAdded => $"{email} already had an account. The roles are added and we told them by email.",
            _ => $"{email} already has those roles; nothing changed.",
        };
        return RedirectToPage("./Index");
    }

    public sealed class Form
    {
        [Required(ErrorMessage = "Enter their email address.")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
        [StringLength(254, ErrorMessage = "An email address can be at most 254 characters long.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter their name.")]
        [StringLength(80, ErrorMessage = "A name can be at most 80 characters long.")]
        public string DisplayName { get; set; } = "";

        [MinLength(1, ErrorMessage = "Choose at least one role.")]
        [MaxLength(3, ErrorMessage = "Choose roles from the list.")]
        public List<string> Roles { get; set; } = [];
    }

    public enum Result
    {
        Invited,
        InvitedAgain,
        TakenOver,
        RolesAdded,
        Unchanged,
    }

    public sealed record Command(string Email, string DisplayName, IReadOnlyList<string> Roles, string ActorId) : ICommand<Outcome<Result>>;

    internal sealed class Handler(
        AccountsDbContext db,
        UserManager<StoreUser> users,
        AccountEmails emails,
        StoreLinks links,
        TimeProvider clock) : ICommandHandler<Command, Outcome<Result>>
    {
        public async ValueTask<Outcome<Result>> Handle(Command command, CancellationToken cancellationToken)
        {
            var email = command.Email.Trim();
            var wanted = StaffRoles.All.Where(command.Roles.Contains).ToList();
            var roleIds = await db.Roles.Where(r => wanted.Contains(r.Name!)).ToDictionaryAsync(r => r.Name!, r => r.Id, cancellationToken);
            var now = clock.GetUtcNow();

            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new StoreUser { UserName = email, Email = email, DisplayName = command.DisplayName.Trim(), CreatedAt = now };
                foreach (var role in wanted)
                    db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleIds[role] });
                AuditTrail.Record(db, now, command.ActorId, AuditAreas.Accounts, "staff.invited", "User", user.Id,
                    after: new { roles = wanted });
                // No password: the invited person chooses one. One save writes the account, its roles and the audit row.
                var created = await users.CreateAsync(user);
                if (!created.Succeeded)
                {
                    db.ChangeTracker.Clear();
                    return IdentityErrors.ToRefusal(created.Errors);
                }
                await SendInvitationAsync(user, wanted, cancellationToken);
                return Result.Invited;
            }

            var current = await StaffRoleNamesAsync(user.Id, cancellationToken);
            var added = wanted.Except(current).ToList();
            var after = StaffRoles.All.Where(r => current.Contains(r) || added.Contains(r)).ToList();
            foreach (var role in added)
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleIds[role] });
            if (added.Count > 0)
                AuditTrail.Record(db, now, command.ActorId, AuditAreas.Accounts, "staff.roles_changed", "User", user.Id,
                    before: new { roles = current }, after: new { roles = after });

            if (user.EmailConfirmed && await users.HasPasswordAsync(user))
            {
                if (added.Count == 0)
                    return Result.Unchanged;
                await db.SaveChangesAsync(cancellationToken);
                await emails.SendStaffAccessAsync(email, user.DisplayName, after, cancellationToken);
                return Result.RolesAdded;
            }

            // Nobody has proved this address yet: someone invited before who never joined, or an account registered
            // and never confirmed, perhaps by a stranger hoping for exactly this invitation. The account becomes the
            // invitee's: their name, no password, no pause, and a new security stamp, which ends any session and makes
            // every earlier link (invitation, confirmation, password) stop working. One save stores it all.
            var hadPassword = user.PasswordHash is not null;
            user.DisplayName = command.DisplayName.Trim();
            user.PasswordHash = null;
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            var updated = await users.UpdateSecurityStampAsync(user);
            if (!updated.Succeeded)
            {
                db.ChangeTracker.Clear();
                return IdentityErrors.ToRefusal(updated.Errors);
            }
            await SendInvitationAsync(user, after, cancellationToken);
            return hadPassword ? Result.TakenOver : Result.InvitedAgain;
        }

        private async Task<List<string>> StaffRoleNamesAsync(string userId, CancellationToken ct)
        {
            var names = await (
                from userRole in db.UserRoles
                join role in db.Roles on userRole.RoleId equals role.Id
                where userRole.UserId == userId
                select role.Name).ToListAsync(ct);
            return StaffRoles.All.Where(names.Contains).ToList();
        }

        private async Task SendInvitationAsync(StoreUser user, IEnumerable<string> roles, CancellationToken ct)
        {
            var token = await users.GenerateUserTokenAsync(user, InvitationTokenProvider.ProviderName, InvitationTokenProvider.Purpose);
            await emails.SendInvitationAsync(user.Email!, user.DisplayName, roles, links.AcceptInvitation(user.Id, token), ct);
        }
    }
}
