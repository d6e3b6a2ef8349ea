using FibroStore.Accounts.Setup;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace FibroStore.Accounts.Pages;

/// <summary>
/// First-admin setup: whoever holds a setup link from the log creates the admin account. Gone (404) once there is
/// an admin; a missing, wrong or expired token answers 400 and says how to get a new link.
/// </summary>
[AllowAnonymous]
public sealed class SetupPage(IMediator mediator) : PageModel
{
    public const string BadTokenMessage = "This setup link is missing its token, is not complete, or has expired.";

    [BindProperty] public Command Input { get; set; } = new();

    /// <summary>From the link in the log; the form posts back to the same address, so it is there on both requests.</summary>
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }

    public bool BadToken { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var ready = await mediator.Send(new Check(Token), ct);
        return ready.IsDone ? Page() : Refused(ready.Refusal);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            var ready = await mediator.Send(new Check(Token), ct);
            return ready.IsDone ? Page() : Refused(ready.Refusal);
        }
        var outcome = await mediator.Send(Input with { Token = Token }, ct);
        return outcome.IsDone ? LocalRedirect("/staff") : Refused(outcome.Refusal);
    }

    /// <summary>Once there is an admin the page is gone; a link that does not work gets its own explanation instead of the form.</summary>
    private IActionResult Refused(Refusal refusal)
    {
        if (refusal.Kind == RefusalKind.NotFound)
            return NotFound();
        BadToken = refusal.Field == nameof(Token);
        return this.Refuse(refusal);
    }

    /// <summary>Done when the link may create the first admin.</summary>
    public sealed record Check(string? Token) : IQuery<Outcome>;

    public sealed record Command : ICommand<Outcome>
    {
        [BindNever] public string? Token { get; init; }

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
    }

    internal sealed class Handler(
        AccountsDbContext db,
        UserManager<StoreUser> users,
        RoleManager<IdentityRole> roles,
        SignInManager<StoreUser> signIn,
        SetupTokens tokens,
        TimeProvider clock) : IQueryHandler<Check, Outcome>, ICommandHandler<Command, Outcome>
    {
        public async ValueTask<Outcome> Handle(Check query, CancellationToken cancellationToken)
        {
            if (await tokens.AdminExistsAsync(cancellationToken))
                return Refusal.NotFound("The store already has an admin.");
            return await tokens.IsValidAsync(query.Token, cancellationToken)
                ? Outcome.Done
                : Refusal.Invalid(BadTokenMessage, nameof(Token));
        }

        public async ValueTask<Outcome> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await AdminLock.TakeAsync(db, cancellationToken);
            // Checked again under the lock: another setup may have finished while this one waited.
            var ready = await Handle(new Check(command.Token), cancellationToken);
            if (!ready.IsDone)
                return ready;

            var now = clock.GetUtcNow();
            var email = command.Email.Trim();
            var user = new StoreUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = command.DisplayName.Trim(),
                CreatedAt = now,
            };
            var adminRole = await AdminRoleAsync(cancellationToken);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = adminRole.Id });
            AuditTrail.Record(db, now, user.Id, AuditAreas.Accounts, "setup.admin_created", "User", user.Id,
                after: new { roles = new[] { StaffRoles.Admin } });
            // Saves the user, the role and the audit message together.
            var created = await users.CreateAsync(user, command.Password);
            if (!created.Succeeded)
            {
                db.ChangeTracker.Clear();
                return IdentityErrors.ToRefusal(created.Errors);
            }
            await tokens.RevokeAllAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            await signIn.SignInAsync(user, isPersistent: false);
            return Outcome.Done;
        }

        private async Task<IdentityRole> AdminRoleAsync(CancellationToken ct)
        {
            // The roles seeder creates it; a store started straight after a bare `migrate` may not have run it yet.
            var role = await db.Roles.SingleOrDefaultAsync(r => r.Name == StaffRoles.Admin, ct);
            if (role is not null)
                return role;
            role = new IdentityRole(StaffRoles.Admin);
            var created = await roles.CreateAsync(role);
            return created.Succeeded ? role : throw new InvalidOperationException("Could not create the Admin role.");
        }
    }
}
