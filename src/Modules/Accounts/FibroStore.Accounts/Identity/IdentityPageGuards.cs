using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FibroStore.Accounts.Identity;

/// <summary>
/// Identity's own page models (those the module restyles but does not replace) throw on input they do not expect;
/// these guards turn each such case into the answer a person should get instead of the error page.
/// </summary>
internal static class IdentityPageGuards
{
    /// <summary>
    /// Pages whose step may not be under way (the code page with no sign-in waiting for a code, "turn off two-step
    /// sign-in" when it is not on: opened from an old tab or a bookmark), and where each sends the person instead.
    /// </summary>
    private static readonly Dictionary<string, string> RestartAt = new()
    {
        ["/Account/LoginWith2fa"] = "/Account/Login",
        ["/Account/LoginWithRecoveryCode"] = "/Account/Login",
        ["/Account/Manage/Disable2fa"] = "/Account/Manage/TwoFactorAuthentication",
        ["/Account/Manage/GenerateRecoveryCodes"] = "/Account/Manage/TwoFactorAuthentication",
    };

    /// <summary>The store offers no sign-in through other services, so Identity's pages for them are not mapped at all.</summary>
    private static readonly string[] Unused = ["/Account/ExternalLogin", "/Account/Manage/ExternalLogins"];

    public static void AddIdentityPageGuards(this IServiceCollection services) =>
        services.Configure<RazorPagesOptions>(o =>
        {
            o.Conventions.AddAreaFolderApplicationModelConvention("Identity", "/", m => m.Filters.Add(new LocalReturnUrlFilter()));
            foreach (var (page, restart) in RestartAt)
                o.Conventions.AddAreaPageApplicationModelConvention("Identity", page, m => m.Filters.Add(new RestartFilter(restart)));
            foreach (var page in Unused)
                o.Conventions.AddAreaPageRouteModelConvention("Identity", page, m => m.Selectors.Clear());
        });

    private static ILogger Log(FilterContext context) =>
        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IdentityPageGuards));

    private sealed class RestartFilter(string restartAt) : IAsyncPageFilter
    {
        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
        {
            var executed = await next();
            if (executed.Exception is not InvalidOperationException { } ex || executed.ExceptionHandled)
                return;
            Log(context).LogInformation("{Page} was opened with no step under way ({Reason}); sent to {RestartAt}", context.ActionDescriptor.ViewEnginePath, ex.Message, restartAt);
            executed.ExceptionHandled = true;
            executed.Result = new RedirectToPageResult(restartAt, new { area = "Identity" });
        }
    }

    /// <summary>
    /// A return address from another site is dropped before the handler sees it: Identity's pages pass it to
    /// LocalRedirect, which throws rather than redirect elsewhere (signing out with ?returnUrl=https://… was a 500).
    /// </summary>
    private sealed class LocalReturnUrlFilter : IAsyncPageFilter
    {
        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
        {
            var key = context.HandlerArguments.Keys.FirstOrDefault(k => k.Equals("returnUrl", StringComparison.OrdinalIgnoreCase));
            if (key is not null && context.HandlerArguments[key] is string url && context.HandlerInstance is PageModel page && !page.Url.IsLocalUrl(url))
                context.HandlerArguments[key] = null;
            return next();
        }
    }
}
