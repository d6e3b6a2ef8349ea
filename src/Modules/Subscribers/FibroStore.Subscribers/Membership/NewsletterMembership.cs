using FibroStore.SharedKernel.Data;
using FibroStore.Subscribers.Contracts;
using FibroStore.Subscribers.Pages.Subscribe;
using Npgsql;

namespace FibroStore.Subscribers.Membership;

/// <summary>The list's membership rules, for the subscribe form, the account's newsletter page and a paid order's opt-in.</summary>
internal sealed class NewsletterMembership(SubscribersDbContext db, TimeProvider clock) : INewsletterMembership
{
    private const string AccountPage = "account page";
    // The history says why no confirmation email was needed: the account had already proven the address.
    private const string JoinedFromAccount = "account page, address already confirmed by the account";

    public async Task<NewsletterStatus> GetAsync(string email, CancellationToken ct)
    {
        var normalized = Subscriber.Normalize(email);
        var status = await db.Subscribers.AsNoTracking().Where(s => s.NormalizedEmail == normalized)
            .Select(s => (SubscriberStatus?)s.Status).SingleOrDefaultAsync(ct);
        return status switch
        {
            SubscriberStatus.Confirmed => NewsletterStatus.Subscribed,
            SubscriberStatus.Pending => NewsletterStatus.AwaitingConfirmation,
            _ => NewsletterStatus.NotSubscribed,
        };
    }

    public async Task JoinConfirmedAsync(string email, string? firstName, CancellationToken ct)
    {
        var normalized = Subscriber.Normalize(email);
        var now = clock.GetUtcNow();
        var subscriber = await db.Subscribers.SingleOrDefaultAsync(s => s.NormalizedEmail == normalized, ct);
        if (subscriber is null)
        {
            subscriber = NewSubscriber(email, normalized, firstName, now);
            db.Subscribers.Add(subscriber);
            subscriber.Record("joined", now, JoinedFromAccount);
        }
        else if (subscriber.Status == SubscriberStatus.Confirmed)
        {
            return;
        }
        else
        {
            subscriber.Record("rejoined", now, JoinedFromAccount);
            // Pressing "Subscribe" means "send me the articles", also for someone who had chosen nothing.
            if (subscriber.Preference == SendPreference.Nothing)
                subscriber.Preference = SendPreference.EachArticle;
        }
        subscriber.Confirm(now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same address joined at the same moment (a double press, or the form); the other request added it.
        }
    }

    public async Task InviteAsync(string email, string? firstName, string source, CancellationToken ct)
    {
        var normalized = Subscriber.Normalize(email);
        var now = clock.GetUtcNow();
        var subscriber = await db.Subscribers.SingleOrDefaultAsync(s => s.NormalizedEmail == normalized, ct);
        if (subscriber is null)
        {
            subscriber = NewSubscriber(email, normalized, firstName, now);
            subscriber.Record("joined", now, source);
            db.Subscribers.Add(subscriber);
        }
        else if (subscriber.Status == SubscriberStatus.Confirmed)
        {
            // Already on the list: nothing to do, and the caller's page must not say so.
            return;
        }
        else
        {
            subscriber.FirstName = firstName ?? subscriber.FirstName;
            if (subscriber.Status != SubscriberStatus.Pending)
            {
                subscriber.Status = SubscriberStatus.Pending;
                subscriber.Record("rejoined", now, source);
            }
        }
        // The email is sent from the outbox: it goes out even if this instance stops right after saving.
        db.AddEvent(new ConfirmationDue(subscriber.Id), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same address was sent twice at once; the other request is already asking for confirmation.
        }
    }

    public async Task LeaveAsync(string email, CancellationToken ct)
    {
        var normalized = Subscriber.Normalize(email);
        var subscriber = await db.Subscribers.SingleOrDefaultAsync(s => s.NormalizedEmail == normalized, ct);
        if (subscriber is null) return;
        subscriber.Unsubscribe(clock.GetUtcNow(), AccountPage);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Someone new to the list: pending until confirmed, sent each article.</summary>
    private static Subscriber NewSubscriber(string email, string normalized, string? firstName, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(), Email = email.Trim(), NormalizedEmail = normalized, FirstName = firstName,
        Status = SubscriberStatus.Pending, Preference = SendPreference.EachArticle, CreatedAt = now,
    };
}
