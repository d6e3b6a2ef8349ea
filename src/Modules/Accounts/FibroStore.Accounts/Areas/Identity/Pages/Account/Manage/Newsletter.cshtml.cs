using System.Security.Claims;
using FibroStore.Accounts.Data;
using FibroStore.Accounts.Contracts;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

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

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await mediator.Send(new LoadAccount(UserId), ct) is not { } account)
            return NotFound();
        (Email, EmailConfirmed) = (account.Email, account.EmailConfirmed);
        Status = await membership.GetAsync(account.Email, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSubscribeAsync(CancellationToken ct)
    {
        if (await mediator.Send(new LoadAccount(UserId), ct) is not { } account)
            return NotFound();
        if (!account.EmailConfirmed)
        {
            StatusMessage = "Error: confirm your email address first (see Email address), then subscribe here.";
            return RedirectToPage();
        }
        await membership.JoinConfirmedAsync(account.Email, account.DisplayName, ct);
        StatusMessage = "You are subscribed: each new article will come to your email.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostUnsubscribeAsync(CancellationToken ct)
    {
        if (await mediator.Send(new LoadAccount(UserId), ct) is not { } account)
            return NotFound();
        await membership.LeaveAsync(account.Email, ct);
        StatusMessage = "You are unsubscribed: no more article emails will be sent to you.";
        return RedirectToPage();
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    public sealed record Account(string Email, bool EmailConfirmed, string? DisplayName);
    public sealed record LoadAccount(string UserId) : IQuery<Account?>;

    internal sealed class Handler(UserManager<StoreUser> users) : IQueryHandler<LoadAccount, Account?>
    {
        public async ValueTask<Account?> Handle(LoadAccount query, CancellationToken cancellationToken)
        {
            var user = await users.FindByIdAsync(query.UserId);
            return user is { Email: { } email }
                ? new Account(email, user.EmailConfirmed, string.IsNullOrWhiteSpace(user.DisplayName) ? null : user.DisplayName)
                : null;
        }
    }
}
