namespace FibroStore.SiteServices.Throttle;

/// <summary>
/// Counts attempts per key in slices of a tenth of the window, one row per key and slice holding the count and the time
/// of the latest attempt, so an attempt costs one upsert and a look at a few rows however busy the key is. A slice
/// counts whole while its latest attempt is within the window: the attempts counted always include every attempt of
/// the last window, so no limit lets more through than an exact count would, and a refused client waits at most a
/// tenth of the window longer, never longer than the window itself.
/// </summary>
internal sealed class PgRequestThrottle(NpgsqlDataSource dataSource, ThrottleKeys keys, TimeProvider clock) : IRequestThrottle
{
    private const int SlicesPerWindow = 10;

    public async Task<bool> TryAcquireAsync(string key, int limit, TimeSpan window, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var slices = new Slices(now, window);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // One batch, one round trip: PostgreSQL runs a batch's statements as one transaction, which holds the key's lock
        // to its end. The upsert's row lock alone would serialize attempts within a slice; the key's lock also keeps two
        // attempts on either side of a slice's edge from each missing the other's count. The commit does not wait for
        // the disk, so the lock is held for moments rather than a disk flush: a database crash can lose only the
        // last moment's counts, which gives a client a few more tries, never fewer.
        await using var batch = new NpgsqlBatch(connection);
        foreach (var sql in (string[])[
                     "SELECT set_config('synchronous_commit', 'off', true), pg_advisory_xact_lock(hashtext(@key))",
                     """
                     WITH earlier AS (SELECT coalesce(sum(count), 0) AS n FROM siteservices.throttle_counts
                                      WHERE key = @key AND slice_start > @oldest AND last_at > @since AND slice_start <> @slice)
                     INSERT INTO siteservices.throttle_counts AS t (key, slice_start, count, last_at)
                     SELECT @key, @slice, 1, @now FROM earlier WHERE n < @limit
                     ON CONFLICT (key, slice_start) DO UPDATE SET count = t.count + 1, last_at = greatest(t.last_at, @now)
                     WHERE t.count + (SELECT n FROM earlier) < @limit
                     """,
                 ])
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.AddWithValue("key", keys.Hash(key));
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("slice", slices.Current);
            command.Parameters.AddWithValue("since", slices.WindowStart);
            command.Parameters.AddWithValue("oldest", slices.OldestCounted);
            command.Parameters.AddWithValue("limit", (long)limit);
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(ct);
        // A refused attempt is not counted: neither the insert nor the update happens.
        return batch.BatchCommands[^1].RecordsAffected == 1;
    }

    public async Task<TimeSpan> RetryAfterAsync(string key, int limit, TimeSpan window, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var slices = new Slices(now, window);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("""
            SELECT last_at, count FROM siteservices.throttle_counts
            WHERE key = @key AND slice_start > @oldest AND last_at > @since ORDER BY slice_start
            """, connection);
        command.Parameters.AddWithValue("key", keys.Hash(key));
        command.Parameters.AddWithValue("since", slices.WindowStart);
        command.Parameters.AddWithValue("oldest", slices.OldestCounted);
        var counted = new List<(DateTimeOffset LastAt, long Count)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                counted.Add((reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt32(1)));
        }
        var total = counted.Sum(c => c.Count);
        if (total < limit)
            return TimeSpan.Zero;
        // There is room again once enough of the oldest slices have had their latest attempt leave the window.
        foreach (var (lastAt, count) in counted)
        {
            total -= count;
            if (total < limit)
            {
                var wait = lastAt + window - now;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }
        return TimeSpan.Zero;
    }

    public async Task ResetAsync(string key, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM siteservices.throttle_counts WHERE key = @key");
        command.Parameters.AddWithValue("key", keys.Hash(key));
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The slice <paramref name="now"/> falls in (slices start at whole multiples of their length), where the window that
    /// ends now starts, and the start a slice must be later than to hold an attempt within it (which bounds the rows read).
    /// </summary>
    private readonly struct Slices(DateTimeOffset now, TimeSpan window)
    {
        private readonly TimeSpan length = TimeSpan.FromTicks(Math.Max(1, window.Ticks / SlicesPerWindow));

        public DateTimeOffset Current => new(now.UtcTicks - now.UtcTicks % length.Ticks, TimeSpan.Zero);

        public DateTimeOffset WindowStart => now - window;

        public DateTimeOffset OldestCounted => now - window - length;
    }
}
