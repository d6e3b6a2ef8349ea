using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Threading.Channels;
using FibroStore.SharedKernel.Messaging;
using Mediator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FibroStore.SharedKernel.Data;

public sealed class OutboxOptions
{
    public int PollMilliseconds { get; set; } = 500;
    public int BatchSize { get; set; } = 40;

    /// <summary>
    /// How many messages with different sequence keys (<see cref="Messaging.ISequencedEvent"/>) one processor publishes at
    /// once. Each takes a pooled connection while it runs, so this stays well below the pool's size.
    /// </summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>
    /// How long a claim holds a message. A handler is stopped (and counted as failed) before its claim ends, so no
    /// other instance can run the same message at the same time; a crashed instance's claims return after this.
    /// </summary>
    public int LeaseSeconds { get; set; } = 600;

    /// <summary>Failures before a message is parked for an admin to look at.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The wait after the first failure; it doubles with each failure, up to an hour.</summary>
    public int RetryBaseSeconds { get; set; } = 10;

    /// <summary>Days a processed message (a sent email, an event already heard) is kept before it is deleted.</summary>
    public int KeepDays { get; set; } = 30;
}

/// <summary>
/// Publishes one module's outbox, on every instance at once. A batch is claimed with a lease in one short committed
/// statement (<c>FOR UPDATE SKIP LOCKED</c>, then <c>claimed_until</c>); each handler then runs in its own scope with no
/// transaction open, and its message is marked done (or failed, with backoff) straight after it, so a crash can repeat
/// only the messages in flight: one per lane, as messages with different sequence keys run side by side. A message that keeps failing is parked after <see cref="OutboxOptions.MaxAttempts"/>.
/// While the outbox is empty the processor sleeps until <see cref="OutboxWatcher"/> sees due messages.
/// </summary>
public sealed class OutboxProcessor<TContext>(
    string schema,
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxProcessor<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    /// <summary>How long recording an outcome keeps trying while the database is away: longer than a restart takes.</summary>
    private const int BookkeepingPatienceSeconds = 30;
    // One pending wake-up at most: waking an outbox that is already awake is a write the channel drops.
    private readonly Channel<bool> due = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    // The schema comes from the module's registration, never from input.
    private readonly string table = $"\"{schema}\".outbox_messages";

    private sealed record Claimed(Guid Id, string Type, string Payload, int Attempts, DateTimeOffset OccurredAt);

    /// <summary>Ends the idle wait: messages are due.</summary>
    public void Wake() => due.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            int handled;
            try
            {
                handled = await ProcessPendingAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be restarting; the watcher wakes this processor again once it answers.
                logger.LogWarning(ex, "Outbox of {Context} could not be read", typeof(TContext).Name);
                handled = 0;
            }
            if (handled == 0)
            {
                try { await due.Reader.ReadAsync(stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>
    /// Claims one batch of due messages, publishes it and returns how many it claimed. The batch runs in its claimed
    /// order as steps: a run of sequenced messages is one step, published side by side in lanes (one lane per key, in
    /// order within it); a message without a key is a step of its own.
    /// </summary>
    public async Task<int> ProcessPendingAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var lease = TimeSpan.FromSeconds(Math.Max(1, settings.LeaseSeconds));
        // Durations are measured here and the lease by the database's clock, so instances' clocks need not agree.
        var claimedAt = Stopwatch.GetTimestamp();
        var batch = (await ClaimAsync(settings.BatchSize, lease, ct)).Select(Prepare).ToList();
        var steps = Steps(batch);
        for (var i = 0; i < steps.Count; i++)
        {
            var lanes = steps[i];
            var ends = await RunLanesAsync(lanes, claimedAt, lease, Math.Max(1, settings.Parallelism), ct);
            if (ends.All(e => e is LaneEnd.Finished)) continue;

            // A lane stopped early and handed its own rest back: the later steps go back too, for the next claim.
            await ReleaseAsync(steps.Skip(i + 1).SelectMany(s => s).SelectMany(l => l).Select(m => m.Claim.Id).ToArray());
            ct.ThrowIfCancellationRequested();
            if (ends.OfType<LaneEnd.Failed>().FirstOrDefault() is { } failed)
                ExceptionDispatchInfo.Throw(failed.Error);
            return batch.Count;
        }
        return batch.Count;
    }

    private sealed record Prepared(Claimed Claim, object? Event, Exception? Unreadable)
    {
        public string? SequenceKey => (Event as ISequencedEvent)?.SequenceKey;
    }

    private abstract record LaneEnd
    {
        public sealed record Finished : LaneEnd;

        /// <summary>Stopped by shutdown, or because the lease is half gone; the lane's rest was handed back.</summary>
        public sealed record Stopped : LaneEnd;

        /// <summary>An outcome could not be recorded (the database stayed away); the lane's rest was handed back.</summary>
        public sealed record Failed(Exception Error) : LaneEnd;
    }

    private static Prepared Prepare(Claimed message)
    {
        try
        {
            return new Prepared(message, Deserialize(message), null);
        }
        // Kept as the message's failure: it is recorded when the message's turn comes, like a handler's.
        catch (Exception ex)
        {
            return new Prepared(message, null, ex);
        }
    }

    private static List<List<List<Prepared>>> Steps(List<Prepared> batch)
    {
        var steps = new List<List<List<Prepared>>>();
        Dictionary<string, List<Prepared>>? open = null;
        foreach (var message in batch)
        {
            if (message.SequenceKey is not { } key)
            {
                steps.Add([[message]]);
                open = null;
                continue;
            }
            if (open is null)
            {
                open = new Dictionary<string, List<Prepared>>(StringComparer.Ordinal);
                steps.Add([]);
            }
            if (!open.TryGetValue(key, out var lane))
            {
                open[key] = lane = [];
                steps[^1].Add(lane);
            }
            lane.Add(message);
        }
        return steps;
    }

    private async Task<LaneEnd[]> RunLanesAsync(List<List<Prepared>> lanes, long claimedAt, TimeSpan lease, int parallelism,
        CancellationToken ct)
    {
        if (lanes.Count == 1)
            return [await RunLaneAsync(lanes[0], claimedAt, lease, ct)];
        using var slots = new SemaphoreSlim(parallelism);
        return await Task.WhenAll(lanes.Select(async lane =>
        {
            // Every lane runs, even after shutdown began, so that each hands its own claims back.
            await slots.WaitAsync(CancellationToken.None);
            try { return await RunLaneAsync(lane, claimedAt, lease, ct); }
            finally { slots.Release(); }
        }));
    }

    private async Task<LaneEnd> RunLaneAsync(List<Prepared> lane, long claimedAt, TimeSpan lease, CancellationToken ct)
    {
        // A handler still running this close to the lease's end is stopped, before another instance may claim its message.
        var handlerDeadline = lease - TimeSpan.FromSeconds(Math.Min(30, lease.TotalSeconds / 10));
        for (var i = 0; i < lane.Count; i++)
        {
            var elapsed = Stopwatch.GetElapsedTime(claimedAt);
            // Each handler starts with at least half the lease ahead of it; the rest go back for the next claim.
            if (ct.IsCancellationRequested || elapsed > lease / 2)
            {
                await ReleaseAsync(Ids(lane, from: i));
                return new LaneEnd.Stopped();
            }

            var message = lane[i];
            // Whatever the handler and this processor log about the message names it.
            using var scope = logger.BeginScope(new Dictionary<string, object> { ["OutboxMessageId"] = message.Claim.Id, ["OutboxMessageType"] = message.Claim.Type });
            using var timeout = new CancellationTokenSource(handlerDeadline - elapsed > TimeSpan.Zero ? handlerDeadline - elapsed : TimeSpan.FromMilliseconds(1));
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
            Exception? failure = null;
            try
            {
                await PublishAsync(message, linked.Token);
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                // Stopped by shutdown, not by the message: it is handed back without counting an attempt.
                await ReleaseAsync(Ids(lane, from: i));
                return new LaneEnd.Stopped();
            }
            catch (Exception ex)
            {
                // Anything else is the message's failure, including a timeout (HTTP, Stripe, SMTP) or a type that no longer exists.
                failure = timeout.IsCancellationRequested
                    ? new TimeoutException($"The handler did not finish within {handlerDeadline.TotalSeconds:0} seconds.", ex)
                    : ex;
            }
            try
            {
                await WithBriefRetriesAsync(failure is null ? () => MarkDoneAsync(message.Claim) : () => FailAsync(message.Claim, failure));
            }
            catch (NpgsqlException ex)
            {
                await ReleaseAsync(Ids(lane, from: i + 1));
                return new LaneEnd.Failed(ex);
            }
        }
        return new LaneEnd.Finished();
    }

    private static Guid[] Ids(List<Prepared> lane, int from) => lane.Skip(from).Select(m => m.Claim.Id).ToArray();

    private static async Task WithBriefRetriesAsync(Func<Task> write)
    {
        var wait = TimeSpan.FromMilliseconds(250);
        var giveUpAt = Stopwatch.GetTimestamp() + Stopwatch.Frequency * BookkeepingPatienceSeconds;
        while (true)
        {
            try
            {
                await write();
                return;
            }
            catch (NpgsqlException) when (Stopwatch.GetTimestamp() < giveUpAt)
            {
                await Task.Delay(wait);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private async Task PublishAsync(Prepared message, CancellationToken ct)
    {
        if (message.Unreadable is { } unreadable)
            ExceptionDispatchInfo.Throw(unreadable);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IPublisher>().Publish(message.Event!, ct);
    }

    private async Task<List<Claimed>> ClaimAsync(int batchSize, TimeSpan lease, CancellationToken ct)
    {
        await using var batch = Bookkeeping($"""
            UPDATE {table} m SET claimed_until = now() + @lease
            WHERE m.id IN (
                SELECT id FROM {table}
                WHERE processed_at IS NULL AND parked_at IS NULL AND next_attempt_at <= @now
                  AND (claimed_until IS NULL OR claimed_until < now())
                ORDER BY occurred_at
                LIMIT @limit
                FOR UPDATE SKIP LOCKED)
            RETURNING m.id, m.type, m.payload::text, m.attempts, m.occurred_at
            """);
        var parameters = batch.BatchCommands[^1].Parameters;
        parameters.AddWithValue("lease", lease);
        parameters.AddWithValue("now", clock.GetUtcNow());
        parameters.AddWithValue("limit", batchSize);
        var claimed = new List<Claimed>();
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
            claimed.Add(new Claimed(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
        return claimed.OrderBy(m => m.OccurredAt).ToList();
    }

    // Bookkeeping runs even while the app stops: a message that was handled must be recorded, or it would run again.
    private async Task MarkDoneAsync(Claimed message)
    {
        await using var batch = Bookkeeping(
            $"UPDATE {table} SET processed_at = @now, last_error = NULL, claimed_until = NULL WHERE id = @id");
        batch.BatchCommands[^1].Parameters.AddWithValue("now", clock.GetUtcNow());
        batch.BatchCommands[^1].Parameters.AddWithValue("id", message.Id);
        await batch.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>
    /// A statement about the outbox's own state whose commit does not wait for the disk, so a lane goes on to its next
    /// message at once. Only a database crash can lose it, and then a message runs again or waits out its lease: the
    /// at-least-once delivery every handler is written for. Both statements run in one implicit transaction.
    /// </summary>
    private NpgsqlBatch Bookkeeping(string sql)
    {
        var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('synchronous_commit', 'off', true)"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(sql));
        return batch;
    }

    private async Task FailAsync(Claimed message, Exception error)
    {
        var settings = options.Value;
        var attempts = message.Attempts + 1;
        var now = clock.GetUtcNow();
        var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds,
            Math.Max(1, settings.RetryBaseSeconds) * Math.Pow(2, Math.Min(attempts - 1, 20))));
        var parked = attempts >= settings.MaxAttempts;
        await using var batch = Bookkeeping($"""
            UPDATE {table} SET attempts = @attempts, next_attempt_at = @next, last_error = @error,
                claimed_until = NULL, parked_at = @parked
            WHERE id = @id
            """);
        var parameters = batch.BatchCommands[^1].Parameters;
        parameters.AddWithValue("attempts", attempts);
        parameters.AddWithValue("next", now + backoff);
        parameters.AddWithValue("error", Truncate(error.ToString(), 2000));
        parameters.AddWithValue("parked", parked ? now : DBNull.Value);
        parameters.AddWithValue("id", message.Id);
        await batch.ExecuteNonQueryAsync(CancellationToken.None);
        if (parked)
            logger.LogError(error, "Outbox message {Id} ({Type}) failed {Attempts} times and is parked until an admin retries it",
                message.Id, message.Type, attempts);
        else
            logger.LogWarning(error, "Outbox message {Id} ({Type}) failed, attempt {Attempt}", message.Id, message.Type, attempts);
    }

    /// <summary>Hands claims back without counting an attempt, so the next claim (here or elsewhere) needs no lease wait.</summary>
    private async Task ReleaseAsync(Guid[] ids)
    {
        if (ids.Length == 0) return;
        try
        {
            await WithBriefRetriesAsync(async () =>
            {
                await using var batch = Bookkeeping(
                    $"UPDATE {table} SET claimed_until = NULL WHERE id = ANY(@ids) AND processed_at IS NULL");
                batch.BatchCommands[^1].Parameters.AddWithValue("ids", ids);
                await batch.ExecuteNonQueryAsync(CancellationToken.None);
            });
        }
        catch (NpgsqlException ex)
        {
            logger.LogWarning(ex, "Outbox claims of {Context} could not be released; they return after the lease", typeof(TContext).Name);
        }
    }

    private static object Deserialize(Claimed message)
    {
        var type = Type.GetType(message.Type, throwOnError: false)
                   ?? throw new InvalidOperationException($"The event type '{message.Type}' does not exist in this version of the store.");
        return JsonSerializer.Deserialize(message.Payload, type, OutboxJson.Options)
               ?? throw new InvalidOperationException($"Outbox message {message.Id} has an empty payload");
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
