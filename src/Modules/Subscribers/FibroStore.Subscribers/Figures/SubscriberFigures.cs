using System.Data;
using FibroStore.SharedKernel;
using FibroStore.Subscribers.Contracts;
using Npgsql;

namespace FibroStore.Subscribers.Figures;

/// <summary>
/// The list's figures from its history (subscriber_events, indexed on what and when). The list's size at the end of
/// each day is worked back from today's confirmed count, so no day needs a scan of the whole list.
/// </summary>
internal sealed class SubscriberFigures(SubscribersDbContext db) : ISubscriberFigures
{
    public async Task<SubscriberSummary> GetAsync(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened) await connection.OpenAsync(ct);
        try
        {
            var changes = await ChangesByDayAsync(connection, from, zone, ct);
            await using var count = new NpgsqlCommand("SELECT count(*) FROM subscribers.subscribers WHERE status = 'Confirmed'", connection);
            var listSize = (int)(long)(await count.ExecuteScalarAsync(ct))!;

            var firstDay = ZonedTime.DayOf(from, zone);
            var endDay = ZonedTime.DayOf(to.AddTicks(-1), zone);
            // Changes after the period move today's size back to the size at the period's end.
            var size = listSize - changes.Where(c => c.Key > endDay).Sum(c => c.Value.Net);
            var days = new List<SubscriberDay>();
            for (var day = endDay; day >= firstDay; day = day.AddDays(-1))
            {
                var change = changes.GetValueOrDefault(day);
                days.Add(new SubscriberDay(day, change.Joined, change.Unsubscribed, size));
                size -= change.Net;
            }
            days.Reverse();
            return new SubscriberSummary(days.Sum(d => d.Joined), days.Sum(d => d.Unsubscribed), days);
        }
        finally
        {
            if (opened) await connection.CloseAsync();
        }
    }

    public Task<int> CountFailedDeliveriesAsync(DateTimeOffset since, CancellationToken ct) =>
        db.Deliveries.Where(d => d.Status == DeliveryStatus.Failed)
            .Join(db.Campaigns.Where(c => c.CreatedAt >= since), d => d.CampaignId, c => c.Id, (d, c) => d.Id)
            .CountAsync(ct);

    private readonly record struct Change(int Joined, int Unsubscribed, int Bounced)
    {
        public int Net => Joined - Unsubscribed - Bounced;
    }


    private static async Task<Dictionary<DateOnly, Change>> ChangesByDayAsync(NpgsqlConnection connection, DateTimeOffset from, TimeZoneInfo zone, CancellationToken ct)
    {
        // Joining: confirming the address, coming back with "undo", or an import with recorded consent.
        await using var command = new NpgsqlCommand("""
            SELECT (at AT TIME ZONE @zone)::date AS day,
                   count(*) FILTER (WHERE what IN ('confirmed', 'resubscribed') OR (what = 'imported' AND detail = 'with recorded consent')),
                   count(*) FILTER (WHERE what = 'unsubscribed'),
                   count(*) FILTER (WHERE what = 'bounced')
            FROM subscribers.subscriber_events
            WHERE what IN ('confirmed', 'resubscribed', 'imported', 'unsubscribed', 'bounced') AND at >= @from
            GROUP BY 1
            """, connection);
        command.Parameters.AddWithValue("zone", zone.Id);
        command.Parameters.AddWithValue("from", from.ToUniversalTime());
        var changes = new Dictionary<DateOnly, Change>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            changes[reader.GetFieldValue<DateOnly>(0)] = new Change((int)reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3));
        return changes;
    }
}
