using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace FibroStore.Web.Pages;

/// <summary>Friendly pages for 4xx and 5xx answers: say what happened and what to do next.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
// A request turned away because too many wait (see RequestConcurrency) still gets this page, not an empty 503.
[DisableRateLimiting]
public sealed class ErrorModel : PageModel
{
    // Long enough for a pool to free a connection or a restart to finish; short enough that nobody waits in vain.
    private const string RetryAfterSeconds = "5";

    public int Code { get; private set; }
    public string Heading { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    // The code is read from the address itself, not model-bound: a post shown this page may carry a form that
    // cannot be read, and then nothing binds at all.
    public IActionResult OnGet() => Show(RouteCode());
    public IActionResult OnPost() => Show(RouteCode());

    private int RouteCode()
    {
        // An unhandled exception is shown at /error/500 with the status the handler chose (503: the database is unavailable).
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null
            && Response.StatusCode == StatusCodes.Status503ServiceUnavailable)
            return StatusCodes.Status503ServiceUnavailable;
        return int.TryParse(RouteData.Values["code"] as string, out var code) ? code : 404;
    }

    private PageResult Show(int code)
    {
        // Visiting /error/… directly is not an error of its own; show the page for the code asked about.
        Code = code is >= 400 and <= 599 ? code : 404;
        (Heading, Explanation) = Code switch
        {
            400 => ("We could not use that", "Something in the request was not as expected. If you were filling in a form, go back, check it and try again. If it keeps happening, reload the page first."),
            401 => ("Please sign in", "You need to sign in to see this page."),
            403 => ("This page is not for your account", "You are signed in, but your account does not have access to this page. If you think it should, ask the store's admin."),
            404 => ("We could not find that page", "It may have moved, or the link may have a typing mistake. Try the search box above, or start again from the home page."),
            405 => ("That did not work", "This page cannot be used that way. Go back and try again."),
            413 => ("That was too large", "The file or text you sent is larger than we accept. Please try something smaller."),
            429 => ("Please wait a moment", "There have been too many attempts in a short time. Wait a few minutes and try again."),
            503 => ("We need a moment", "The store is busy or restarting and could not finish this just now. Please wait a few seconds and try again. If you had just sent something, check whether it arrived before you send it again."),
            _ when Code >= 500 => ("Something went wrong on our side", "It is not your fault. We have logged the problem. Please try again in a minute; anything you were doing has not been half-saved."),
            _ => ("That did not work", "Please go back and try again."),
        };
        // A refusal that knows exactly what was wrong says so instead of the general explanation.
        if (Infrastructure.ErrorPageMessage.Get(HttpContext) is { } message)
            Explanation = message;
        if (Code == StatusCodes.Status503ServiceUnavailable)
            Response.Headers.RetryAfter = RetryAfterSeconds;
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null
            && HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is null)
            Response.StatusCode = Code;
        return Page();
    }
}
