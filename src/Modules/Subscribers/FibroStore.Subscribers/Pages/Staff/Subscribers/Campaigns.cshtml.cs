using FibroStore.SharedKernel.Results;

namespace FibroStore.Subscribers.Pages.Staff.Subscribers;

/// <summary>Campaigns with their progress; pause, resume, and retry the failed deliveries of one.</summary>
public sealed class CampaignList(IMediator mediator, ISiteSettings siteSettings) : PageModel
{
    internal IReadOnlyList<Progress> Campaigns { get; private set; } = [];
    /// <summary>What the last action did, carried over its redirect (never from the address, which anyone can write).</summary>
    [TempData] public string? Done { get; set; }
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public string ZoneId { get; private set; } = "UTC";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var settings = await siteSettings.GetAsync(ct);
        (Zone, ZoneId) = (settings.TimeZone, settings.TimeZoneId);
        Campaigns = await mediator.Send(new ListCampaigns(), ct);
    }

    /// <summary>The numbers behind the progress bars, read by campaigns.js every few seconds while a campaign is sending.</summary>
    public async Task<IActionResult> OnGetProgressAsync(CancellationToken ct)
    {
        var campaigns = await mediator.Send(new ListCampaigns(), ct);
        Response.Headers.CacheControl = "no-store";
        return new JsonResult(campaigns.Select(c => new
        {
            c.Id, c.Recipients, c.Sent, c.Failed, c.Skipped, c.Pending, c.Finished, c.SentLastMinute, c.Paused,
        }));
    }

    public Task<IActionResult> OnPostPauseAsync(Guid id, CancellationToken ct) => ChangeAsync(id, CampaignChange.Pause, ct);
    public Task<IActionResult> OnPostResumeAsync(Guid id, CancellationToken ct) => ChangeAsync(id, CampaignChange.Resume, ct);
    public Task<IActionResult> OnPostRetryAsync(Guid id, CancellationToken ct) => ChangeAsync(id, CampaignChange.RetryFailed, ct);

    private async Task<IActionResult> ChangeAsync(Guid id, CampaignChange change, CancellationToken ct)
    {
        var actor = User.StaffId();
        var changed = await mediator.Send(new ChangeCampaign(id, change, actor), ct);
        if (!changed.IsDone) return NotFound();
        Done = changed.Value;
        return RedirectToPage();
    }

    internal sealed record Progress(Guid Id, string Title, string ArticleUrl, DateTimeOffset CreatedAt, bool Paused,
        int Recipients, int Sent, int Failed, int Skipped, int Pending, int SentLastMinute)
    {
        public int Finished => Sent + Failed + Skipped;
    }

    internal enum CampaignChange
    {
        Pause,
        Resume,
        RetryFailed,
    }

    internal sealed record ListCampaigns : IQuery<IReadOnlyList<Progress>>;

    /// <summary>Answers what was done, for the page to say; refused only when there is no such campaign.</summary>
    internal sealed record ChangeCampaign(Guid Id, CampaignChange Change, string ActorId) : ICommand<Outcome<string>>;

    internal sealed class Handler(SubscribersDbContext db, TimeProvider clock)
        : IQueryHandler<ListCampaigns, IReadOnlyList<Progress>>, ICommandHandler<ChangeCampaign, Outcome<string>>
    {
        public async ValueTask<IReadOnlyList<Progress>> Handle(ListCampaigns query, CancellationToken cancellationToken)
        {
            return await ProgressAsync(db, clock, db.Campaigns.OrderByDescending(c => c.CreatedAt).Take(50), cancellationToken);
        }

        /// <summary>The progress figures of the given campaigns; the campaign detail page shows the same ones as this list.</summary>
        internal static async Task<IReadOnlyList<Progress>> ProgressAsync(SubscribersDbContext db, TimeProvider clock,
            IQueryable<Campaign> which, CancellationToken cancellationToken)
        {
            var campaigns = await which.AsNoTracking().ToListAsync(cancellationToken);
            var ids = campaigns.Select(c => c.Id).ToList();
            var counts = await db.Deliveries.AsNoTracking().Where(d => ids.Contains(d.CampaignId))
                .GroupBy(d => new { d.CampaignId, d.Status }).Select(g => new { g.Key.CampaignId, g.Key.Status, Count = g.Count() })
                .ToListAsync(cancellationToken);
            var minuteAgo = clock.GetUtcNow().AddMinutes(-1);
            var recent = await db.Deliveries.AsNoTracking()
                .Where(d => ids.Contains(d.CampaignId) && d.Status == DeliveryStatus.Sent && d.SentAt > minuteAgo)
                .GroupBy(d => d.CampaignId).Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
            int Count(Guid id, DeliveryStatus status) => counts.Where(c => c.CampaignId == id && c.Status == status).Sum(c => c.Count);
            return campaigns.Select(c => new Progress(c.Id, c.Title, c.ArticleUrl, c.CreatedAt, c.PausedAt is not null, c.RecipientCount,
                    Count(c.Id, DeliveryStatus.Sent), Count(c.Id, DeliveryStatus.Failed), Count(c.Id, DeliveryStatus.Skipped),
                    Count(c.Id, DeliveryStatus.Pending), recent.GetValueOrDefault(c.Id)))
                .ToList();
        }

        public async ValueTask<Outcome<string>> Handle(ChangeCampaign command, CancellationToken cancellationToken)
        {
            var campaign = await db.Campaigns.SingleOrDefaultAsync(c => c.Id == command.Id, cancellationToken);
            if (campaign is null) return Refusal.NotFound("There is no such campaign.");
            var now = clock.GetUtcNow();
            string action, message;
            object? after = null;
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            switch (command.Change)
            {
                case CampaignChange.Pause:
                    campaign.PausedAt ??= now;
                    (action, message) = ("campaign.paused", "Paused. Messages already on their way finish; no new ones start.");
                    break;
                case CampaignChange.Resume:
                    campaign.PausedAt = null;
                    (action, message) = ("campaign.resumed", "Resumed.");
                    break;
                default:
                    // Bounced addresses refused for good, and people who left since, are not tried again.
                    var retried = await db.Deliveries
                        .Where(d => d.CampaignId == campaign.Id && d.Status == DeliveryStatus.Failed
                                    && db.Subscribers.Any(s => s.Id == d.SubscriberId && s.Status == SubscriberStatus.Confirmed))
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(d => d.Status, DeliveryStatus.Pending)
                            .SetProperty(d => d.Attempts, 0)
                            .SetProperty(d => d.NextAttemptAt, now)
                            .SetProperty(d => d.ClaimedUntil, (DateTimeOffset?)null), cancellationToken);
                    after = new { Retried = retried };
                    (action, message) = ("campaign.failed-retried", $"{retried} failed deliveries will be tried again.");
                    break;
            }
            AuditTrail.Record(db, now, command.ActorId, AuditAreas.Subscribers, action, "Campaign", campaign.Id.ToString(), after: after);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return message;
        }
    }
}
