using System.Globalization;
using Microsoft.Extensions.Options;

namespace FibroStore.Accounts.Areas.Identity.Pages.Account;

/// <summary>
/// Where the two-step sign-in pages send a paused account. It answers 429 so that clients and logs see a pause,
/// not a page that worked. It cannot know when this account's pause ends, so it names the longest wait.
/// </summary>
[AllowAnonymous]
public sealed class LockoutPage(IOptions<IdentityOptions> options) : PageModel
{
    public int Minutes { get; } = (int)Math.Ceiling(options.Value.Lockout.DefaultLockoutTimeSpan.TotalMinutes);

    public void OnGet()
    {
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        Response.Headers.RetryAfter = (Minutes * 60).ToString(CultureInfo.InvariantCulture);
    }
}
