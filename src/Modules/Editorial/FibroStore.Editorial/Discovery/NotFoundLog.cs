using FibroStore.SharedKernel.Privacy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FibroStore.Editorial.Discovery;

internal sealed class NotFoundLogOptions
{
    public const string Section = "NotFoundLog";

    /// <summary>Distinct addresses kept; when full, new ones are not added (those already listed keep counting).</summary>
    public int MaxPaths { get; set; } = 10_000;

    /// <summary>Days an address stays listed after it was last asked for.</summary>
    public int KeepDays { get; set; } = 90;
}

/// <summary>
/// Counts the addresses that answer 404, grouped by path (lowercase, no trailing slash, no query string), so staff can
/// redirect those people still ask for. Who asked is not kept: no IP address, no user agent, no referrer.
/// One upsert per 404, made after the answer is sent, and nothing on any other answer, so a flood of misses costs one
/// small statement each.
/// </summary>
internal sealed partial class NotFoundLog(RequestDelegate next, NpgsqlDataSource dataSource, IOptions<NotFoundLogOptions> options, ILogger<NotFoundLog> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (context.Response.StatusCode != StatusCodes.Status404NotFound
            || !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            return;
        if (PathOf(context.Request.Path.Value) is not { } path) return;
        // Counted once the answer has gone out, so the visitor never waits on the log.
        context.Response.OnCompleted(() => CountAsync(path));
    }

    private async Task CountAsync(string path)
    {
        try
        {
            await RecordAsync(dataSource, path, Math.Max(0, options.Value.MaxPaths), CancellationToken.None);
        }
        catch (NpgsqlException ex)
        {
            // A missed count is not worth more than a line in the log.
            LogNotCounted(logger, ex);
        }
    }

    /// <summary>The stored form of a request path, as a redirect's source is stored; null when it cannot be one.</summary>
    public static string? PathOf(string? requestPath)
    {
        var path = OldAddresses.Normalize(requestPath);
        return path is null || path.Any(char.IsControl) ? null : path;
    }

    public static async Task RecordAsync(NpgsqlDataSource dataSource, string path, int maxPaths, CancellationToken ct)
    {
        // A known path always counts; a new one only while the list has room.
        await using var command = dataSource.CreateCommand("""
            INSERT INTO editorial.not_found_paths (path, hits, first_seen_at, last_seen_at)
            SELECT @path, 1, now(), now()
            WHERE EXISTS (SELECT 1 FROM editorial.not_found_paths WHERE path = @path)
               OR (SELECT count(*) FROM editorial.not_found_paths) < @max
            ON CONFLICT (path) DO UPDATE SET hits = not_found_paths.hits + 1, last_seen_at = excluded.last_seen_at
            """);
        command.Parameters.AddWithValue("path", path);
        command.Parameters.AddWithValue("max", (long)maxPaths);
        await command.ExecuteNonQueryAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A 404 was not counted in the 404 log")]
    private static partial void LogNotCounted(ILogger logger, Exception error);
}

/// <summary>Puts <see cref="NotFoundLog"/> outside the rest of the pipeline, so it sees the final answer after every old-address redirect had its turn.</summary>
internal sealed class NotFoundLogStartup : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<NotFoundLog>();
        next(app);
    };
}

/// <summary>Addresses not asked for in <see cref="NotFoundLogOptions.KeepDays"/> days are forgotten.</summary>
internal sealed class NotFoundLogRetention(NpgsqlDataSource dataSource, IOptions<NotFoundLogOptions> options, TimeProvider clock) : IRetentionTask
{
    public async Task SweepAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM editorial.not_found_paths WHERE last_seen_at < @cutoff");
        command.Parameters.AddWithValue("cutoff", clock.GetUtcNow().AddDays(-Math.Max(1, options.Value.KeepDays)));
        await command.ExecuteNonQueryAsync(ct);
    }
}
