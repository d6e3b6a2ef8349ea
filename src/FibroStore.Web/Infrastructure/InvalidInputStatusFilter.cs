using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FibroStore.Web.Infrastructure;

/// <summary>
/// A form posted with invalid input is shown again with its messages, and answered 400 rather than 200,
/// so clients, tests and logs can tell a refused submission from an accepted one.
/// </summary>
internal sealed class InvalidInputStatusFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        var request = context.HttpContext.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && executed.Result is PageResult && !context.ModelState.IsValid
            && context.HttpContext.Response.StatusCode == StatusCodes.Status200OK)
        {
            context.HttpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }
}
