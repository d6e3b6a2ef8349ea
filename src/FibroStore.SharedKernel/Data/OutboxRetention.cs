using FibroStore.SharedKernel.Privacy;
using Microsoft.Extensions.Options;

namespace FibroStore.SharedKernel.Data;

/// <summary>
/// Processed outbox messages (sent emails, events already heard) are kept <see cref="OutboxOptions.KeepDays"/> days
/// for looking into a problem, then deleted from every module's outbox.
/// </summary>
internal sealed class ProcessedOutboxRetention(
    NpgsqlDataSource dataSource, IEnumerable<IModuleDatabase> modules, TimeProvider clock, IOptions<OutboxOptions> options) : IRetentionTask
{
    public async Task SweepAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().AddDays(-Math.Max(1, options.Value.KeepDays));
        foreach (var schema in modules.Select(m => m.Schema).Distinct())
        {
            // The schema comes from the module's registration, never from input.
            await using var command = dataSource.CreateCommand(
                $"DELETE FROM \"{schema}\".outbox_messages WHERE processed_at IS NOT NULL AND processed_at < @cutoff");
            command.Parameters.AddWithValue("cutoff", cutoff);
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}

/// <summary>
/// When an account is deleted, the processed outbox messages that hold its address (emails sent to it, events about
/// its orders) are deleted from every module's outbox at once rather than after <see cref="OutboxOptions.KeepDays"/>.
/// Messages not yet processed stay: they still have work to do, and are deleted with the others once they are old.
/// </summary>
internal sealed class OutboxAddressEraser(NpgsqlDataSource dataSource, IEnumerable<IModuleDatabase> modules) : IPersonalDataEraser
{
    public async Task EraseAsync(string userId, string email, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(email)) return;
        foreach (var schema in modules.Select(m => m.Schema).Distinct())
        {
            await using var command = dataSource.CreateCommand(
                $"DELETE FROM \"{schema}\".outbox_messages WHERE processed_at IS NOT NULL AND strpos(lower(payload::text), @address) > 0");
            command.Parameters.AddWithValue("address", email.Trim().ToLowerInvariant());
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
