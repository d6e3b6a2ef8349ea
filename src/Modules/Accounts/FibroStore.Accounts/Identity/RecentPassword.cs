using FibroStore.Accounts.Contracts;
using FibroStore.Accounts.Data;
using FibroStore.Accounts.Pages.Account;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

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

    public abstract record Answer
    {
        public sealed record Confirmed : Answer;
        public sealed record Wrong : Answer;
        public sealed record Paused(int Minutes) : Answer;
    }

    public async Task<bool> IsRecentAsync()
    {
        var auth = await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        return auth.Succeeded && StaffSessions.PasswordTypedAt(auth.Properties) is { } at && clock.GetUtcNow() - at < Lifetime;
    }

    public async Task<Answer> ConfirmAsync(string password, CancellationToken ct)
    {
        var auth = await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = auth.Succeeded ? await users.GetUserAsync(auth.Principal) : null;
        if (user?.UserName is not { } address || auth.Properties is null)
            return new Answer.Wrong();
        // Wrong passwords here count with those on the sign-in page: a borrowed session cannot guess its way through.
        var paused = await limits.SignInPausedForAsync(address, ct);
        if (paused > TimeSpan.Zero)
            return new Answer.Paused(AccountLimits.Minutes(paused));
        if (!await users.CheckPasswordAsync(user, password))
        {
            var pause = await limits.RecordWrongPasswordAsync(address, ct);
            return pause > TimeSpan.Zero ? new Answer.Paused(AccountLimits.Minutes(pause)) : new Answer.Wrong();
        }
        StaffSessions.RecordPasswordTyped(auth.Properties, clock.GetUtcNow());
        await Context.SignInAsync(IdentityConstants.ApplicationScheme, auth.Principal!, auth.Properties);
        return new Answer.Confirmed();
    }

    private HttpContext Context => http.HttpContext ?? throw new InvalidOperationException("A password is only confirmed during a request.");
}

/// <summary>
/// Runs before every page handler marked <see cref="RequiresRecentPasswordAttribute"/> (or on a page so marked).
/// Without a recent password, a page that is opened goes to the confirm-password page and comes back; a form that
/// is sent is answered with a password prompt that carries the form's fields, so nothing typed is lost, and the
/// same handler runs once the password is right.
/// </summary>
internal sealed class RecentPasswordFilter(RecentPassword recent, IModelMetadataProvider metadata) : IAsyncPageFilter
{
    /// <summary>The prompt's field; no page binds a property of this name.</summary>
    public const string Field = "RecentPassword";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!Applies(context) || await recent.IsRecentAsync())
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
        RecentPassword.Answer? answer = null;
        if (form.TryGetValue(Field, out var typed) && typed.Count == 1)
        {
            answer = await recent.ConfirmAsync(typed[0] ?? "", context.HttpContext.RequestAborted);
            if (answer is RecentPassword.Answer.Confirmed)
            {
                await next();
                return;
            }
        }

        var fields = form
            .Where(f => f.Key != Field && f.Key != "__RequestVerificationToken")
            .SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? "")))
            .ToList();
        var prompt = new PasswordPrompt(here, $"{request.PathBase}{request.Path}", fields,
            answer is RecentPassword.Answer.Wrong, (answer as RecentPassword.Answer.Paused)?.Minutes);
        if (prompt.PausedMinutes is int minutes)
            context.HttpContext.Response.Headers.RetryAfter = (minutes * 60).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Result = new ViewResult
        {
            ViewName = PasswordPrompt.View,
            ViewData = new ViewDataDictionary<PasswordPrompt>(metadata, new ModelStateDictionary()) { Model = prompt },
            StatusCode = answer switch
            {
                RecentPassword.Answer.Paused => StatusCodes.Status429TooManyRequests,
                RecentPassword.Answer.Wrong => StatusCodes.Status400BadRequest,
                // Nothing was done yet: the person is asked to confirm who they are first.
                _ => StatusCodes.Status403Forbidden,
            },
        };
    }

    private static bool Applies(PageHandlerExecutingContext context) =>
        context.HandlerMethod?.MethodInfo.IsDefined(typeof(RequiresRecentPasswordAttribute), inherit: false) == true
        || context.HandlerInstance.GetType().IsDefined(typeof(RequiresRecentPasswordAttribute), inherit: false);
}
