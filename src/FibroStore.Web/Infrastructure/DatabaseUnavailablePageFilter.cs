using FibroStore.SharedKernel.Data;
using Microsoft.AspNetCore.Diagnostics;

namespace FibroStore.Web.Infrastructure;

/// <summary>
/// In Development the developer exception page shows every failure as a 500. An unavailable database is not a bug
/// to debug, and the run command is also what the benchmark drives: answer it 503 with Retry-After, as in production.
/// </summary>
internal sealed class DatabaseUnavailablePageFilter : IDeveloperPageExceptionFilter
{
    public async Task HandleExceptionAsync(ErrorContext errorContext, Func<ErrorContext, Task> next)
    {
        if (!DatabaseRetry.IsUnavailable(errorContext.Exception))
        {
            await next(errorContext);
            return;
        }
        var response = errorContext.HttpContext.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = "5";
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync("The store is busy or restarting and could not finish this just now. Please wait a few seconds and try again.");
    }
}
