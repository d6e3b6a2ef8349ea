using FibroStore.Accounts.Contracts;
using Microsoft.AspNetCore.Mvc;

namespace FibroStore.Accounts.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// Joining the list from the account: the account's confirmed email already proves the address, so the person is
/// subscribed at once instead of being sent a confirmation email. Nobody is subscribed until they press the button.
/// </summary>
public sealed class NewsletterPage(IMediator mediator, IAccountNewsletter membership) : PageModel
{
    public string Email { get; private set; } = "";
    public bool EmailConfirmed { get; private set; }
    public AccountNewsletterStatus Status { get; private set; }
    [TempData] public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSubscribeAsync(CancellationToken ct)
    {
        var outcome = await mediator.Send(new Subscribe(UserId), ct);
        if (outcome.IsDone)
        {
            StatusMessage = "You are subscribed: each new article will come to your email.";
            return RedirectToPage();
        }
        if (outcome.Refusal.Kind == RefusalKind.NotFound || !await LoadAsync(ct))
            return NotFound();
        return this.Refuse(outcome.Refusal);
    }

    public async Task<IActionResult> OnPostUnsubscribeAsync(CancellationToken ct)
    {
        if (await mediator.Send(new LoadAccount(UserId), ct) is not { } account)
            return NotFound();
        await membership.LeaveAsync(account.Email, ct);
        StatusMessage = "You are unsubscribed: no more article emails will be sent to you.";
        return RedirectToPage();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await mediator.Send(new LoadAccount(UserId), ct) is not { } account)
            return false;
        (Email, EmailConfirmed) = (account.Email, account.EmailConfirmed);
        Status = await membership.GetAsync(account.Email, ct);
        return true;
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    public sealed record Account(string Email, bool EmailConfirmed, string? DisplayName);
    public sealed record LoadAccount(string UserId) : IQuery<Account?>;

    public sealed record Subscribe(string UserId) : ICommand<Outcome>;

    internal sealed class Handler(UserManager<StoreUser> users, IAccountNewsletter membership)
        : IQueryHandler<LoadAccount, Account?>, ICommandHandler<Subscribe, Outcome>
    {
        public async ValueTask<Account?> Handle(LoadAccount query, CancellationToken cancellationToken)
        {
            var user = await users.FindByIdAsync(query.UserId);
            return user is { Email: { } email }
                ? new Account(email, user.EmailConfirmed, string.IsNullOrWhiteSpace(user.DisplayName) ? null : user.DisplayName)
                : null;
        }

        public async ValueTask<Outcome> Handle(Subscribe command, CancellationToken cancellationToken)
        {
            if (await Handle(new LoadAccount(command.UserId), cancellationToken) is not { } account)
                return AccountGone.Refusal;
            // Only a confirmed address may skip the list's own confirmation email.
            if (!account.EmailConfirmed)
                return Refusal.Conflict("Confirm your email address first (see Email address), then subscribe here.");
            await membership.JoinConfirmedAsync(account.Email, account.DisplayName, cancellationToken);
            return Outcome.Done;
        }
    }
}
