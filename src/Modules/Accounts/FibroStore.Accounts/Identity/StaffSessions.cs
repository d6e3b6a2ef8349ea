using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;

namespace FibroStore.Accounts.Identity;

/// <summary>
/// What a session remembers about itself, kept in the sign-in cookie's properties (which survive the cookie's
/// renewals and role refreshes, and travel to every instance): when the person signed in, when they last typed
/// their password, and when they were last seen. Staff sessions end after the site settings' idle time or lifetime.
/// </summary>
internal static class StaffSessions
{
    /// <summary>On the sign-in cookie of someone whose account has two-step sign-in turned on.</summary>
    public const string TwoStepClaim = "two_step";

    private const string SignedInAt = "fs.signed-in";
    private const string PasswordAt = "fs.password";
    private const string SeenAt = "fs.seen";

    /// <summary>A request within this long of the last one does not rewrite the cookie just to say "still here".</summary>
    private static readonly TimeSpan SeenPrecision = TimeSpan.FromMinutes(1);

    public static bool IsStaff(ClaimsPrincipal? user) => StaffRoles.All.Any(role => user?.IsInRole(role) == true);

    public static DateTimeOffset? PasswordTypedAt(AuthenticationProperties? properties) => Read(properties, PasswordAt);

    public static void RecordPasswordTyped(AuthenticationProperties properties, DateTimeOffset at) => Write(properties, PasswordAt, at);

    /// <summary>
    /// A new session (not a renewal or a refresh, which carry the old properties along): every way into the store
    /// asks for the password, so signing in counts as typing it.
    /// </summary>
    public static Task OnSigningIn(CookieSigningInContext context)
    {
        var now = Clock(context.HttpContext).GetUtcNow();
        if (Read(context.Properties, SignedInAt) is null)
        {
            Write(context.Properties, SignedInAt, now);
            Write(context.Properties, PasswordAt, now);
        }
        Write(context.Properties, SeenAt, now);
        return Task.CompletedTask;
    }

    /// <summary>Ends a staff session that has been idle or open too long; otherwise notes that it is in use.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (!IsStaff(context.Principal))
            return;
        var http = context.HttpContext;
        var settings = await http.RequestServices.GetRequiredService<ISiteSettings>().GetAsync(http.RequestAborted);
        var now = Clock(http).GetUtcNow();
        var signedIn = Read(context.Properties, SignedInAt);
        var seen = Read(context.Properties, SeenAt) ?? signedIn;
        if (signedIn is null || seen is null
            || now - signedIn > TimeSpan.FromHours(settings.StaffSessionHours)
            || now - seen > TimeSpan.FromMinutes(settings.StaffIdleMinutes))
        {
            context.RejectPrincipal();
            await http.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        if (now - seen >= SeenPrecision)
        {
            Write(context.Properties, SeenAt, now);
            context.ShouldRenew = true;
        }
    }

    private static TimeProvider Clock(HttpContext http) => http.RequestServices.GetRequiredService<TimeProvider>();

    private static DateTimeOffset? Read(AuthenticationProperties? properties, string key) =>
        properties?.Items.TryGetValue(key, out var value) == true
        && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private static void Write(AuthenticationProperties properties, string key, DateTimeOffset at) =>
        properties.Items[key] = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// While the site settings require two-step sign-in for staff, a member of staff without it can open only the
/// pages that set it up, and sign out. Everything else sends them to set it up.
/// </summary>
internal sealed class StaffTwoStepGate(RequestDelegate next)
{
    public const string SetUpPath = "/Identity/Account/Manage/EnableAuthenticator";

    private static readonly PathString[] Open =
    [
        SetUpPath,
        "/Identity/Account/Manage/ShowRecoveryCodes",
        "/Identity/Account/Manage/TwoFactorAuthentication",
        "/Identity/Account/Logout",
        "/error",
        "/health",
        "/session/state",
        "/media",
    ];

    public async Task InvokeAsync(HttpContext http, ISiteSettings settings)
    {
        var user = http.User;
        if (!StaffSessions.IsStaff(user) || user.HasClaim(c => c.Type == StaffSessions.TwoStepClaim)
            || !(await settings.GetAsync(http.RequestAborted)).StaffTwoStepRequired)
        {
            await next(http);
            return;
        }

        // The cookie's claims are refreshed once a minute; someone who has just turned two-step sign-in on gets a
        // fresh cookie now (turning it on also changed the security stamp, which would otherwise sign them out).
        // Identity's managers are asked for here, not in the signature: the middleware would otherwise build them and
        // everything they need for every request, a shopper's included.
        var account = await http.RequestServices.GetRequiredService<UserManager<StoreUser>>().GetUserAsync(user);
        if (account is { TwoFactorEnabled: true })
        {
            await http.RequestServices.GetRequiredService<SignInManager<StoreUser>>().RefreshSignInAsync(account);
            await next(http);
            return;
        }
        if (Open.Any(path => http.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase)))
        {
            await next(http);
            return;
        }
        http.Response.Redirect(SetUpPath);
    }
}
