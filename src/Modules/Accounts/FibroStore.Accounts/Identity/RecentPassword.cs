using FibroStore.Accounts.Contracts;
using FibroStore.Accounts.Pages.Account;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection;

namespace FibroStore.Accounts.Identity;

/// <summary>
/// Whether the signed-in person typed their password in the last few minutes, and checking it when they type it
/// again. The time lives in the sign-in cookie's properties, so every instance agrees on it.
/// </summary>
internal sealed class RecentPassword(
    IHttpContextAccessor http, UserManager<StoreUser> users, AccountLimits limits, TimeProvider clock)
{
    /// <summary>How long a typed password (or a sign-in) counts for sensitive staff actions.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public async Task<bool> IsRecentAsync()
    {
        var auth = await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        return auth.Succeeded && StaffSessions.PasswordTypedAt(auth.Properties) is { } at && clock.GetUtcNow() - at < Lifetime;
    }

    /// <summary>Done when the password is right; refused as wrong (Invalid) or, after too many wrong ones, paused (TooMany, with the wait).</summary>
    public async Task<Outcome> ConfirmAsync(string password, CancellationToken ct)
    {
        var auth = await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = auth.Succeeded ? await users.GetUserAsync(auth.Principal) : null;
        if (user?.UserName is not { } address || auth.Properties is null)
            return Wrong;
        // Wrong passwords here count with those on the sign-in page: a borrowed session cannot guess its way through.
        var paused = await limits.SignInPausedForAsync(address, ct);
        if (paused > TimeSpan.Zero)
            return Paused(paused);
        if (!await users.CheckPasswordAsync(user, password))
        {
            var pause = await limits.RecordWrongPasswordAsync(address, ct);
            return pause > TimeSpan.Zero ? Paused(pause) : Wrong;
        }
        StaffSessions.RecordPasswordTyped(auth.Properties, clock.GetUtcNow());
        await Context.SignInAsync(IdentityConstants.ApplicationScheme, auth.Principal!, auth.Properties);
        return Outcome.Done;
    }

    private static readonly Refusal Wrong = Refusal.Invalid("That password is not right. Please type it again.", RecentPasswordFilter.Field);

    private static Refusal Paused(TimeSpan wait) =>
        AccountLimits.Wait(wait, minutes => $"Signing in to this account is paused. Please try again in {minutes}.", RecentPasswordFilter.Field);

    private HttpContext Context => http.HttpContext ?? throw new InvalidOperationException("A password is only confirmed during a request.");
}

/// <summary>
/// Runs before every page handler marked <see cref="RequiresRecentPasswordAttribute"/> (or on a page so marked).
/// Without a recent password, a page that is opened goes to the confirm-password page and comes back; a form that
/// is sent is answered with a password prompt that carries the form's fields, so nothing typed is lost, and the
/// same handler runs once the password is right.
/// </summary>
/// <remarks>
/// One instance serves every request, and the password check (with Identity's user manager behind it) is resolved only
/// for a handler that asks for it: every other page would otherwise build one for nothing.
/// </remarks>
internal sealed class RecentPasswordFilter(IModelMetadataProvider metadata) : IAsyncPageFilter
{
    /// <summary>The prompt's field; no page binds a property of this name.</summary>
    public const string Field = "RecentPassword";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!Applies(context))
        {
            await next();
            return;
        }
        var recent = context.HttpContext.RequestServices.GetRequiredService<RecentPassword>();
        if (await recent.IsRecentAsync())
        {
            await next();
            return;
        }

        var request = context.HttpContext.Request;
        var here = $"{request.PathBase}{request.Path}{request.QueryString}";
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            context.Result = new RedirectResult($"/account/confirm-password?returnUrl={Uri.EscapeDataString(here)}");
            return;
        }

        var form = request.HasFormContentType ? await request.ReadFormAsync(context.HttpContext.RequestAborted) : FormCollection.Empty;
        Refusal? refusal = null;
        if (form.TryGetValue(Field, out var typed) && typed.Count == 1)
        {
            var answer = await recent.ConfirmAsync(typed[0] ?? "", context.HttpContext.RequestAborted);
            if (answer.IsDone)
            {
                await next();
                return;
            }
            refusal = answer.Refusal;
        }

        var fields = form
            .Where(f => f.Key != Field && f.Key != "__RequestVerificationToken")
            .SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? "")))
            .ToList();
        var prompt = PasswordPrompt.After(here, $"{request.PathBase}{request.Path}", fields, refusal);
        if (refusal is null)
            // Nothing was done yet: the person is asked to confirm who they are first.
            context.HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
        else
            RefusalStatus.Apply(context.HttpContext.Response, refusal);
        context.Result = new ViewResult
        {
            ViewName = PasswordPrompt.View,
            ViewData = new ViewDataDictionary<PasswordPrompt>(metadata, new ModelStateDictionary()) { Model = prompt },
        };
    }

    private static bool Applies(PageHandlerExecutingContext context) =>
        context.HandlerMethod?.MethodInfo.IsDefined(typeof(RequiresRecentPasswordAttribute), inherit: false) == true
        || context.HandlerInstance.GetType().IsDefined(typeof(RequiresRecentPasswordAttribute), inherit: false);
}
