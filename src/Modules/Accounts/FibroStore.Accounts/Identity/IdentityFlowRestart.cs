using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FibroStore.Accounts.Identity;

/// <summary>
/// Identity's own page models throw <see cref="InvalidOperationException"/> when the step they belong to is not
/// under way: the code page with no sign-in waiting for a code, "turn off two-step sign-in" when it is not on.
/// Opening such a page from an old tab or a bookmark is not a fault of the store: the person is sent to where
/// that step starts instead of seeing the error page.
/// </summary>
internal static class IdentityFlowRestart
{
    /// <summary>Identity's pages (area-relative) and where each sends a person whose step is not under way.</summary>
    private static readonly Dictionary<string, string> RestartAt = new()
    {
        ["/Account/LoginWith2fa"] = "/Account/Login",
        ["/Account/LoginWithRecoveryCode"] = "/Account/Login",
        ["/Account/Manage/Disable2fa"] = "/Account/Manage/TwoFactorAuthentication",
        ["/Account/Manage/GenerateRecoveryCodes"] = "/Account/Manage/TwoFactorAuthentication",
    };

    /// <summary>The store offers no sign-in through other services, so Identity's pages for them are not mapped at all.</summary>
    private static readonly string[] Unused = ["/Account/ExternalLogin", "/Account/Manage/ExternalLogins"];

    public static void AddIdentityFlowRestart(this IServiceCollection services) =>
        services.Configure<RazorPagesOptions>(o =>
        {
            foreach (var (page, restart) in RestartAt)
                o.Conventions.AddAreaPageApplicationModelConvention("Identity", page, m => m.Filters.Add(new RestartFilter(restart)));
            foreach (var page in Unused)
                o.Conventions.AddAreaPageRouteModelConvention("Identity", page, m => m.Selectors.Clear());
        });

    private sealed class RestartFilter(string restartAt) : IAsyncPageFilter
    {
        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
        {
            var executed = await next();
            if (executed.Exception is not InvalidOperationException { } ex || executed.ExceptionHandled)
                return;
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IdentityFlowRestart))
                .LogInformation("{Page} was opened with no step under way ({Reason}); sent to {RestartAt}", context.ActionDescriptor.ViewEnginePath, ex.Message, restartAt);
            executed.ExceptionHandled = true;
            executed.Result = new RedirectToPageResult(restartAt, new { area = "Identity" });
        }
    }
}
