using FibroStore.SiteServices.Contracts;
using FibroStore.BackOffice.Data;
using FibroStore.SharedKernel.Data;
using FibroStore.SharedKernel.Results;
using FibroStore.SharedKernel.Web;

namespace FibroStore.BackOffice.Pages.Staff.Messages;

/// <summary>
/// Background messages (emails, events between parts of the store) that failed too often and were parked, from every
/// module's outbox, with their last error and a way to try each one again once its cause is fixed.
/// </summary>
public sealed class ParkedMessagesPage(IMediator mediator, ISiteSettings siteSettings) : PageModel
{
    internal const int Shown = 200;

    internal IReadOnlyList<ParkedMessage> Messages { get; private set; } = [];
    /// <summary>What the last action did, carried over its redirect (never from the address, which anyone can write).</summary>
    [TempData] public string? Done { get; set; }
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public string ZoneId { get; private set; } = "UTC";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var settings = await siteSettings.GetAsync(ct);
        (Zone, ZoneId) = (settings.TimeZone, settings.TimeZoneId);
        Messages = await mediator.Send(new ListParked(), ct);
    }

    public async Task<IActionResult> OnPostRetryAsync(string module, Guid id, CancellationToken ct)
    {
        var retried = await mediator.Send(new Retry(module, id, User.StaffId()), ct);
        // Either answer is said on the list itself: a second press on the same button is harmless, not an error page.
        Done = retried.IsDone
            ? "The message is back in line and will be tried again within a few seconds. If it fails again it is counted afresh."
            : retried.Refusal.Message;
        return RedirectToPage();
    }

    /// <summary>"FibroStore.SharedKernel.Email.EmailRequested, FibroStore.SharedKernel" reads as "Email requested".</summary>
    internal static string Describe(string type)
    {
        var name = type.Split(',')[0];
        name = name[(name.LastIndexOf('.') + 1)..];
        var words = System.Text.RegularExpressions.Regex.Replace(name, "(?<=[a-z0-9])(?=[A-Z])", " ").ToLowerInvariant();
        return words.Length == 0 ? type : char.ToUpperInvariant(words[0]) + words[1..];
    }

    internal static string ModuleName(string schema) => schema.Length == 0 ? schema : char.ToUpperInvariant(schema[0]) + schema[1..];

    internal static string FirstLine(string? error) => error is null ? "" : error.Split('\n', 2)[0].Trim();

    internal sealed record ListParked : IQuery<IReadOnlyList<ParkedMessage>>;

    /// <summary>Refused when the message is not on hold (any more): tried again already, or never parked.</summary>
    internal sealed record Retry(string Module, Guid Id, string ActorId) : ICommand<Outcome>;

    internal sealed class Handler(IParkedMessages parked, BackOfficeDbContext db, TimeProvider clock)
        : IQueryHandler<ListParked, IReadOnlyList<ParkedMessage>>, ICommandHandler<Retry, Outcome>
    {
        public async ValueTask<IReadOnlyList<ParkedMessage>> Handle(ListParked query, CancellationToken cancellationToken) =>
            await parked.ListAsync(Shown, cancellationToken);

        public async ValueTask<Outcome> Handle(Retry command, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            // The message goes back in line and the audit row is written in one transaction: both or neither.
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            if (!await parked.RetryAsync(db, command.Module, command.Id, now, cancellationToken))
                return Refusal.Conflict("That message was not on hold any more; nothing was changed.");
            AuditTrail.Record(db, now, command.ActorId, AuditAreas.Settings, "outbox-message.retried", "OutboxMessage",
                command.Id.ToString(), after: new { Module = command.Module });
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return Outcome.Done;
        }
    }
}
