using FibroStore.SharedKernel.Privacy;

namespace FibroStore.Subscribers.Privacy;

/// <summary>The list entry for a signed-in person's address, for their "download my data" file.</summary>
internal sealed class SubscriberPersonalData(SubscribersDbContext db) : IPersonalDataContributor
{
    public string Section => "Email subscription";

    public async Task<object?> CollectAsync(string userId, string email, CancellationToken ct)
    {
        var normalized = Subscriber.Normalize(email);
        return await db.Subscribers.AsNoTracking().Where(s => s.NormalizedEmail == normalized)
            .Select(s => new
            {
                s.Email, s.FirstName, Status = s.Status.ToString(), Preference = s.Preference.ToString(),
                s.CreatedAt, s.ConfirmedAt, s.UnsubscribedAt,
                History = s.History.OrderBy(h => h.At).Select(h => new { h.At, h.What, h.Detail }).ToList(),
            })
            .SingleOrDefaultAsync(ct);
    }
}

/// <summary>
/// A deleted account's address leaves the list entirely: the subscriber row, its history and its delivery rows
/// (the database cascades). Erasing twice deletes nothing more.
/// </summary>
internal sealed class SubscriberEraser(SubscribersDbContext db) : IPersonalDataEraser
{
    public async Task EraseAsync(string userId, string email, CancellationToken ct)
    {
        var normalized = Subscriber.Normalize(email);
        await db.Subscribers.Where(s => s.NormalizedEmail == normalized).ExecuteDeleteAsync(ct);
    }
}
