using FibroStore.SharedKernel.Results;

namespace FibroStore.Subscribers.Pages.Staff.Subscribers;

/// <summary>One subscriber with their history; "remove" erases them (the same as when their account is deleted).</summary>
public sealed class SubscriberDetails(IMediator mediator) : PageModel
{
    internal Subscriber? Subscriber { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Subscriber = await mediator.Send(new Find(id), ct);
        return Subscriber is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, CancellationToken ct)
    {
        var actor = User.StaffId();
        return (await mediator.Send(new Remove(id, actor), ct)).IsDone ? RedirectToPage("Index") : NotFound();
    }

    internal sealed record Find(Guid Id) : IQuery<Subscriber?>;

    /// <summary>Refused only when there is no such subscriber (perhaps removed a moment ago).</summary>
    internal sealed record Remove(Guid Id, string ActorId) : ICommand<Outcome>;

    internal sealed class Handler(SubscribersDbContext db, TimeProvider clock) : IQueryHandler<Find, Subscriber?>, ICommandHandler<Remove, Outcome>
    {
        public async ValueTask<Subscriber?> Handle(Find query, CancellationToken cancellationToken) =>
            await db.Subscribers.AsNoTracking().Include(s => s.History.OrderByDescending(h => h.At))
                .SingleOrDefaultAsync(s => s.Id == query.Id, cancellationToken);

        public async ValueTask<Outcome> Handle(Remove command, CancellationToken cancellationToken)
        {
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            // History and delivery rows go with it (the foreign keys cascade): nothing about the person stays.
            var status = await db.Subscribers.Where(s => s.Id == command.Id).Select(s => (SubscriberStatus?)s.Status).SingleOrDefaultAsync(cancellationToken);
            if (status is null) return Refusal.NotFound("There is no such subscriber.");
            await db.Subscribers.Where(s => s.Id == command.Id).ExecuteDeleteAsync(cancellationToken);
            AuditTrail.Record(db, clock.GetUtcNow(), command.ActorId, AuditAreas.Subscribers, "subscriber.removed", "Subscriber",
                command.Id.ToString(), new { Status = status.Value.ToString() });
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return Outcome.Done;
        }
    }
}
