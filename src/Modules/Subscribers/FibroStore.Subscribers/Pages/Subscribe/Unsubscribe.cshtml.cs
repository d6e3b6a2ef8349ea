using FibroStore.SharedKernel.Results;
using Microsoft.AspNetCore.Authorization;

namespace FibroStore.Subscribers.Pages.Subscribe;

/// <summary>
/// The unsubscribe link of every email, and the target of its RFC 8058 one-click POST
/// (<c>List-Unsubscribe=One-Click</c>, sent by the mail provider without any form token: the signed link is the
/// protection, so antiforgery is off here). A GET only shows the button, because scanners follow links.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class UnsubscribePage(IMediator mediator) : PageModel
{
    public bool InvalidLink { get; private set; }
    internal SubscriberStatus? Status { get; private set; }
    public bool Undone { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct) =>
        Show(await mediator.Send(new ChangeSubscription(token, Change.None), ct));

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct) =>
        Show(await mediator.Send(new ChangeSubscription(token, Change.Unsubscribe), ct));

    public async Task<IActionResult> OnPostUndoAsync(string token, CancellationToken ct)
    {
        var outcome = await mediator.Send(new ChangeSubscription(token, Change.Undo), ct);
        Undone = outcome is { IsDone: true, Value: SubscriberStatus.Confirmed };
        return Show(outcome);
    }

    private PageResult Show(Outcome<SubscriberStatus> outcome)
    {
        if (!outcome.IsDone)
        {
            InvalidLink = true;
            return this.Refuse(outcome.Refusal);
        }
        Status = outcome.Value;
        return Page();
    }

    public const string InvalidLinkMessage =
        "This unsubscribe link is not valid or has expired. Please use the link in one of our latest emails, or write to us from the contact page and we will take you off the list.";

    internal enum Change
    {
        None,
        Unsubscribe,
        Undo,
    }

    /// <summary>Answers the subscriber's status after the change; refused for a link that is not valid.</summary>
    internal sealed record ChangeSubscription(string Token, Change Change) : ICommand<Outcome<SubscriberStatus>>;

    internal sealed class Handler(SubscribersDbContext db, SubscriberLinks links, TimeProvider clock)
        : ICommandHandler<ChangeSubscription, Outcome<SubscriberStatus>>
    {
        private static readonly Refusal LinkRefused = Refusal.Invalid(InvalidLinkMessage);

        public async ValueTask<Outcome<SubscriberStatus>> Handle(ChangeSubscription command, CancellationToken cancellationToken)
        {
            if (links.Read(LinkPurpose.Manage, command.Token) is not Guid id) return LinkRefused;
            var subscriber = await db.Subscribers.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
            if (subscriber is null) return LinkRefused;
            var now = clock.GetUtcNow();
            switch (command.Change)
            {
                case Change.Unsubscribe:
                    subscriber.Unsubscribe(now, "unsubscribe link");
                    break;
                case Change.Undo:
                    subscriber.Resubscribe(now);
                    break;
            }
            await db.SaveChangesAsync(cancellationToken);
            return subscriber.Status;
        }
    }
}
