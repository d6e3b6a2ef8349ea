using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace FibroStore.Accounts.Pages.Account;

/// <summary>
/// The link in a staff invitation: the invited person chooses a password, which also proves the email address is
/// theirs, then signs in on the normal sign-in page (so two-step sign-in applies as for everyone). The code is an
/// invitation token (its own provider and purpose, never a password-reset code) for an account without a password;
/// it works once, for 24 hours, and only until the next invitation to the same address.
/// </summary>
[AllowAnonymous]
public sealed class AcceptInvitationPage(IMediator mediator) : PageModel
{
    [BindProperty] public Command Input { get; set; } = new();

    // From the emailed link; the form posts back to the same address, so they are there on both requests.
    [BindProperty(SupportsGet = true)] public string? UserId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }

    public string? DisplayName { get; private set; }
    public bool BadLink { get; private set; }
    [TempData] public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
            return await ShowAsync(ct);
        var outcome = await mediator.Send(Input with { UserId = UserId, Code = Code }, ct);
        if (!outcome.IsDone)
            return Refused(outcome.Refusal);
        StatusMessage = "Your password is saved. Sign in with it to open the staff area.";
        return LocalRedirect("/Identity/Account/Login?ReturnUrl=%2Fstaff");
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        var invitee = await mediator.Send(new Check(UserId, Code), ct);
        if (!invitee.IsDone)
            return Refused(invitee.Refusal);
        DisplayName = invitee.Value.DisplayName;
        return Page();
    }

    /// <summary>A link that does not work gets its own explanation in place of the form.</summary>
    private PageResult Refused(Refusal refusal)
    {
        BadLink = refusal.Field == nameof(Code);
        return this.Refuse(refusal);
    }

    public const string BadLinkMessage = "This invitation link has expired, was already used, or is not complete.";

    public sealed record Invitee(string DisplayName);

    /// <summary>Done when the link is (still) an invitation for an account without a password.</summary>
    public sealed record Check(string? UserId, string? Code) : IQuery<Outcome<Invitee>>;

    public sealed record Command : ICommand<Outcome>
    {
        [BindNever] public string? UserId { get; init; }
        [BindNever] public string? Code { get; init; }

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

    internal sealed class Handler(AccountsDbContext db, UserManager<StoreUser> users, TimeProvider clock)
        : IQueryHandler<Check, Outcome<Invitee>>, ICommandHandler<Command, Outcome>
    {
        private static readonly Refusal LinkRefused = Refusal.Invalid(BadLinkMessage, nameof(Code));

        public async ValueTask<Outcome<Invitee>> Handle(Check query, CancellationToken cancellationToken)
        {
            var user = await FindAsync(query.UserId, query.Code);
            return user is null ? LinkRefused : new Invitee(user.DisplayName);
        }

        public async ValueTask<Outcome> Handle(Command command, CancellationToken cancellationToken)
        {
            var user = await FindAsync(command.UserId, command.Code);
            if (user is null)
                return LinkRefused;

            // Set before the password so that one save stores it, the confirmed address and the audit row. Adding a
            // password changes the security stamp, which ends this link (and any other) for good.
            user.EmailConfirmed = true;
            AuditTrail.Record(db, clock.GetUtcNow(), user.Id, AuditAreas.Accounts, "staff.invitation_accepted", "User", user.Id);
            var added = await users.AddPasswordAsync(user, command.Password);
            if (added.Succeeded)
                return Outcome.Done;
            db.ChangeTracker.Clear();
            // A password set meanwhile (the link used twice at once) or a concurrent change: the link is spent.
            return added.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.UserAlreadyHasPassword) or nameof(IdentityErrorDescriber.ConcurrencyFailure))
                ? LinkRefused
                : IdentityErrors.ToRefusal(added.Errors);
        }

        /// <summary>The invited account, when the link is an invitation for it and it has no password yet; otherwise null.</summary>
        private async Task<StoreUser?> FindAsync(string? userId, string? code)
        {
            var token = StoreLinks.DecodeToken(code);
            if (token is null || string.IsNullOrEmpty(userId) || userId.Length > 64)
                return null;
            var user = await users.FindByIdAsync(userId);
            if (user is null || await users.HasPasswordAsync(user))
                return null;
            return await users.VerifyUserTokenAsync(user, InvitationTokenProvider.ProviderName, InvitationTokenProvider.Purpose, token)
                ? user
                : null;
        }
    }
}
