using FibroStore.Subscribers.Data;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FibroStore.Subscribers.Pages.Subscribe;

/// <summary>
/// The link in the confirmation email. Opening it only shows a button: mail scanners follow links, and a GET
/// that confirmed would subscribe people who never read the email. The POST confirms.
/// </summary>
[AllowAnonymous]
public sealed class ConfirmPage(IMediator mediator) : PageModel
{
    public bool InvalidLink { get; private set; }
    public bool Confirmed { get; private set; }
    /// <summary>Unsubscribed or bounced since: this old link no longer brings them back.</summary>
    public bool HasLeft { get; private set; }
    public string? PreferencesToken { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        var state = await mediator.Send(new ConfirmSubscription(token, Apply: false), ct);
        return Show(state);
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        var state = await mediator.Send(new ConfirmSubscription(token, Apply: true), ct);
        return Show(state);
    }

    private PageResult Show(Outcome state)
    {
        InvalidLink = state.Status is null;
        Confirmed = state.Status == SubscriberStatus.Confirmed;
        HasLeft = state.Status is SubscriberStatus.Unsubscribed or SubscriberStatus.Bounced;
        PreferencesToken = state.ManageToken;
        if (InvalidLink)
            Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Status null: the link was tampered with, has expired, or its subscriber was erased.</summary>
    internal sealed record Outcome(SubscriberStatus? Status, string? ManageToken);

    internal sealed record ConfirmSubscription(string Token, bool Apply) : ICommand<Outcome>;

    internal sealed class Handler(SubscribersDbContext db, SubscriberLinks links, TimeProvider clock) : ICommandHandler<ConfirmSubscription, Outcome>
    {
        public async ValueTask<Outcome> Handle(ConfirmSubscription command, CancellationToken cancellationToken)
        {
            if (links.Read(LinkPurpose.Confirm, command.Token) is not Guid id) return new Outcome(null, null);
            var subscriber = await db.Subscribers.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
            if (subscriber is null) return new Outcome(null, null);
            // An old confirmation link must not bring back someone who has since unsubscribed or bounced.
            if (command.Apply && subscriber.Status == SubscriberStatus.Pending)
            {
                subscriber.Confirm(clock.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
            }
            return new Outcome(subscriber.Status, links.Token(LinkPurpose.Manage, subscriber.Id));
        }
    }
}
