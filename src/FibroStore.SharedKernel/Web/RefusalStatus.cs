using System.Globalization;
using FibroStore.SharedKernel.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FibroStore.SharedKernel.Web;

/// <summary>The one place a use case's refusal becomes an HTTP status and a message on the page.</summary>
public static class RefusalStatus
{
    public static int For(RefusalKind kind) => kind switch
    {
        RefusalKind.Invalid => StatusCodes.Status400BadRequest,
        RefusalKind.NotFound => StatusCodes.Status404NotFound,
        RefusalKind.Conflict => StatusCodes.Status409Conflict,
        RefusalKind.TooMany => StatusCodes.Status429TooManyRequests,
        RefusalKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Sets the response's status, and its Retry-After header when the refusal says how long to wait.</summary>
    public static void Apply(HttpResponse response, Refusal refusal)
    {
        response.StatusCode = For(refusal.Kind);
        if (refusal.RetryAfter is { } wait)
        {
            response.Headers.RetryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Puts each of the refusal's messages beside its field (or above the form) and sets the response's status.</summary>
    public static void Show(this PageModel page, Refusal refusal)
    {
        page.ModelState.AddModelError(refusal.Field, refusal.Message);
        foreach (var problem in refusal.More)
        {
            page.ModelState.AddModelError(problem.Field, problem.Message);
        }
        Apply(page.Response, refusal);
    }

    /// <summary>Shows the refusal on the page as it stands.</summary>
    public static PageResult Refuse(this PageModel page, Refusal refusal)
    {
        page.Show(refusal);
        return page.Page();
    }
}
