using Microsoft.Extensions.Options;

namespace FibroStore.Accounts.Identity;

/// <summary>The limits on the public account forms (configuration section <c>Accounts:Throttle</c>).</summary>
internal sealed class AccountThrottleOptions
{
    public const string Section = "Accounts:Throttle";

    /// <summary>Account emails (confirmation, password link, "you already have an account") one address is sent per window, whatever is posted.</summary>
    public int EmailsPerAddress { get; set; } = 5;
    public int EmailWindowMinutes { get; set; } = 60;

    /// <summary>Sign-in attempts one client (IP address) may make per window, whichever addresses it tries.</summary>
    public int SignInsPerClient { get; set; } = 20;
    public int SignInWindowMinutes { get; set; } = 10;

    public int RegistrationsPerClient { get; set; } = 10;
    public int RegistrationWindowMinutes { get; set; } = 60;

    public bool IsValid() =>
        EmailsPerAddress > 0 && EmailWindowMinutes > 0 && SignInsPerClient > 0 && SignInWindowMinutes > 0
        && RegistrationsPerClient > 0 && RegistrationWindowMinutes > 0;
}

/// <summary>
/// Every account limit, counted in the store's PostgreSQL throttle so that all instances share the counts. An
/// address is counted the same way whether or not it has an account, so no limit tells anyone who is registered.
/// </summary>
internal sealed class AccountLimits(
    IRequestThrottle throttle, IOptions<AccountThrottleOptions> options, IOptions<IdentityOptions> identity, ILookupNormalizer normalizer)
{
    private AccountThrottleOptions Limits => options.Value;

    /// <summary>Wrong passwords for one address that pause signing in to it; the same numbers as the account lockout.</summary>
    private int MaxFailures => identity.Value.Lockout.MaxFailedAccessAttempts;
    private TimeSpan PauseLength => identity.Value.Lockout.DefaultLockoutTimeSpan;

    /// <summary>Takes one of the address's emails for this hour; false means this email must not be sent.</summary>
    public Task<bool> TryTakeEmailAsync(string address, CancellationToken ct) =>
        throttle.TryAcquireAsync($"accounts-email:{Normalize(address)}", Limits.EmailsPerAddress,
            TimeSpan.FromMinutes(Limits.EmailWindowMinutes), ct);

    /// <summary>Counts a sign-in attempt from the client: zero when it may go ahead, otherwise how long to wait.</summary>
    public Task<TimeSpan> TakeSignInAsync(string client, CancellationToken ct) =>
        TakeAsync($"accounts-sign-in:{client}", Limits.SignInsPerClient, TimeSpan.FromMinutes(Limits.SignInWindowMinutes), ct);

    /// <summary>Counts a registration from the client: zero when it may go ahead, otherwise how long to wait.</summary>
    public Task<TimeSpan> TakeRegistrationAsync(string client, CancellationToken ct) =>
        TakeAsync($"accounts-register:{client}", Limits.RegistrationsPerClient, TimeSpan.FromMinutes(Limits.RegistrationWindowMinutes), ct);

    /// <summary>How long signing in to this address stays paused; zero when it is not paused.</summary>
    public Task<TimeSpan> SignInPausedForAsync(string address, CancellationToken ct) =>
        throttle.RetryAfterAsync(FailuresKey(address), MaxFailures, PauseLength, ct);

    /// <summary>Counts a wrong password for the address (known or not); returns how long signing in to it is now paused.</summary>
    public async Task<TimeSpan> RecordWrongPasswordAsync(string address, CancellationToken ct)
    {
        await throttle.TryAcquireAsync(FailuresKey(address), MaxFailures, PauseLength, ct);
        return await SignInPausedForAsync(address, ct);
    }

    /// <summary>Forgets the address's wrong passwords: after a right one, or a new password chosen by email.</summary>
    public Task ForgetWrongPasswordsAsync(string address, CancellationToken ct) => throttle.ResetAsync(FailuresKey(address), ct);

    /// <summary>Whole minutes, rounded up, as the pages and the Retry-After header say them.</summary>
    public static int Minutes(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));

    /// <summary>
    /// A "please wait" refusal for <paramref name="wait"/>, rounded up to whole minutes; <paramref name="message"/> gets
    /// them written out ("1 minute", "15 minutes"). The page shows the message and sends the same wait as Retry-After.
    /// </summary>
    public static Refusal Wait(TimeSpan wait, Func<string, string> message, string field = "")
    {
        var minutes = Minutes(wait);
        return Refusal.TooMany(message(minutes == 1 ? "1 minute" : $"{minutes} minutes"), field) with { RetryAfter = TimeSpan.FromMinutes(minutes) };
    }

    /// <summary>The address requests come from (the proxy's X-Forwarded-For when the store is configured behind one).</summary>
    public static string ClientOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private string FailuresKey(string address) => $"accounts-wrong-password:{Normalize(address)}";

    private string Normalize(string address) => normalizer.NormalizeEmail(address.Trim()) ?? "";

    private async Task<TimeSpan> TakeAsync(string key, int limit, TimeSpan window, CancellationToken ct)
    {
        if (await throttle.TryAcquireAsync(key, limit, window, ct))
            return TimeSpan.Zero;
        var wait = await throttle.RetryAfterAsync(key, limit, window, ct);
        // An attempt that left the window between the two calls still means "wait a moment", never "go ahead".
        return wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
    }
}

/// <summary>
/// A password hash that belongs to nobody. Checking a password against it costs what checking a real account's
/// costs, so an address without an account (or without a password) answers as slowly as one with.
/// </summary>
internal sealed class DummyPassword(IPasswordHasher<StoreUser> hasher)
{
    private static readonly StoreUser Nobody = new();
    private static string? hash;

    public void Verify(string password)
    {
        hash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
        hasher.VerifyHashedPassword(Nobody, hash, password);
    }
}
