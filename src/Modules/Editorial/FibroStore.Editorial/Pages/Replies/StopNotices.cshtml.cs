namespace FibroStore.Editorial.Pages.Replies;

/// <summary>
/// The link in a reply notice. Opening it shows one button (mail scanners follow links, so a GET changes nothing);
/// the List-Unsubscribe header's one-click POST lands on the same handler.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class StopNotices(IMediator mediator) : PageModel
{
    public bool Stopped { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        var known = await mediator.Send(new Stop(token, Apply: false), ct);
        return known.IsDone ? Page() : StatusCode(RefusalStatus.For(known.Refusal.Kind));
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        var stopped = await mediator.Send(new Stop(token, Apply: true), ct);
        if (!stopped.IsDone) return StatusCode(RefusalStatus.For(stopped.Refusal.Kind));
        Stopped = true;
        return Page();
    }

    /// <summary>With <paramref name="Apply"/> false, only checks that the link is one the store sent.</summary>
    public sealed record Stop(string Token, bool Apply) : ICommand<Outcome>;

    internal sealed class Handler(EditorialDbContext db) : ICommandHandler<Stop, Outcome>
    {
        private static readonly Refusal Unknown = Refusal.NotFound("This link is not one the store sent, or its reply has been removed.");

        public async ValueTask<Outcome> Handle(Stop command, CancellationToken cancellationToken)
        {
            if (command.Token.Length != 48) return Unknown;
            var replies = db.Replies.Where(r => r.NotifyToken == command.Token);
            var found = command.Apply
                ? await replies.ExecuteUpdateAsync(s => s.SetProperty(r => r.NotifyOnReply, false), cancellationToken) > 0
                : await replies.AnyAsync(cancellationToken);
            return found ? Outcome.Done : Unknown;
        }
    }
}
