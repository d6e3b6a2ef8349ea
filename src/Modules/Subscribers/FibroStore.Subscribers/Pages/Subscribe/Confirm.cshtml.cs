using FibroStore.SharedKernel.Results;
using Microsoft.AspNetCore.Authorization;

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

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct) =>
        Show(await mediator.Send(new ConfirmSubscription(token, Apply: false), ct));

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct) =>
        Show(await mediator.Send(new ConfirmSubscription(token, Apply: true), ct));

    private PageResult Show(Outcome<Subscription> outcome)
    {
        if (!outcome.IsDone)
        {
            InvalidLink = true;
            return this.Refuse(outcome.Refusal);
        }
        var (status, manageToken) = outcome.Value;
        Confirmed = status == SubscriberStatus.Confirmed;
        HasLeft = status is SubscriberStatus.Unsubscribed or SubscriberStatus.Bounced;
        PreferencesToken = manageToken;
        return Page();
    }

    public const string InvalidLinkMessage =
        "This confirmation link is not valid or has expired. Links work for 7 days and must be used exactly as they arrived.";

    /// <summary>Where the subscription stands after the link was used, and the token of its preferences link.</summary>
    internal sealed record Subscription(SubscriberStatus Status, string ManageToken);

    /// <summary>Refused when the link was tampered with, has expired, or its subscriber was erased.</summary>
    internal sealed record ConfirmSubscription(string Token, bool Apply) : ICommand<Outcome<Subscription>>;

    internal sealed class Handler(SubscribersDbContext db, SubscriberLinks links, TimeProvider clock) : ICommandHandler<ConfirmSubscription, Outcome<Subscription>>
    {
        private static readonly Refusal LinkRefused = Refusal.Invalid(InvalidLinkMessage);

        public async ValueTask<Outcome<Subscription>> Handle(ConfirmSubscription command, CancellationToken cancellationToken)
        {
            if (links.Read(LinkPurpose.Confirm, command.Token) is not Guid id) return LinkRefused;
            var subscriber = await db.Subscribers.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
            if (subscriber is null) return LinkRefused;
            // An old confirmation link must not bring back someone who has since unsubscribed or bounced.
            if (command.Apply && subscriber.Status == SubscriberStatus.Pending)
            {
                subscriber.Confirm(clock.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
            }
            return new Subscription(subscriber.Status, links.Token(LinkPurpose.Manage, subscriber.Id));
        }
    }
}
