using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using FibroStore.SharedKernel.Privacy;

namespace FibroStore.SiteServices.Throttle;

internal sealed class ThrottleOptions
{
    public const string Section = "Throttle";

    /// <summary>
    /// The secret the throttle's keys (IP and email addresses) are hashed with, so the stored hashes cannot be matched
    /// against a list of guessed addresses. Required outside Development.
    /// </summary>
    public string? KeySecret { get; set; }

    /// <summary>Hours a counted attempt is kept; longer than the longest throttle window.</summary>
    public int KeepHours { get; set; } = 24;
}

/// <summary>
/// Turns a throttle key into the HMAC-SHA256 stored in its place. Development without a configured secret gets one
/// made up at start (counts then last only as long as the process, which is fine there).
/// </summary>
internal sealed class ThrottleKeys
{
    private readonly byte[] secret;

    public ThrottleKeys(IOptions<ThrottleOptions> options, IHostEnvironment environment)
    {
        var configured = options.Value.KeySecret;
        if (!string.IsNullOrWhiteSpace(configured))
            secret = Encoding.UTF8.GetBytes(configured);
        else if (environment.IsDevelopment())
            secret = RandomNumberGenerator.GetBytes(32);
        else
            throw new InvalidOperationException("Set Throttle__KeySecret to a long random value (for example the output of `openssl rand -base64 32`).");
    }

    public string Hash(string key) => Convert.ToHexString(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(key)));
}

/// <summary>Counts of slices older than <see cref="ThrottleOptions.KeepHours"/> are deleted, whether or not their key is seen again.</summary>
internal sealed class ThrottleRetention(NpgsqlDataSource dataSource, IOptions<ThrottleOptions> options, TimeProvider clock) : IRetentionTask
{
    public async Task SweepAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM siteservices.throttle_counts WHERE last_at < @cutoff");
        command.Parameters.AddWithValue("cutoff", clock.GetUtcNow().AddHours(-Math.Max(1, options.Value.KeepHours)));
        await command.ExecuteNonQueryAsync(ct);
    }
}
