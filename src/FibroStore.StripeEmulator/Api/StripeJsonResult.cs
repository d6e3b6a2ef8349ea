using System.Text;
using Microsoft.AspNetCore.Http;

namespace FibroStore.StripeEmulator.Api;

/// <summary>
/// A response body exactly as Stripe would send it, kept whole (in UTF-8, half the memory of a string) so an idempotent
/// replay can repeat it.
/// </summary>
internal sealed class StripeJsonResult(int status, string json, bool refusedParameters = false) : IResult
{
    private readonly byte[] body = Encoding.UTF8.GetBytes(json);

    /// <summary>Stripe saves no idempotent result for a request refused for its parameters.</summary>
    public bool RefusedParameters => refusedParameters;

    public int Status => status;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        httpContext.Response.ContentType = "application/json";
        httpContext.Response.ContentLength = body.Length;
        return httpContext.Response.Body.WriteAsync(body).AsTask();
    }

    public static StripeJsonResult Ok(string json) => new(StatusCodes.Status200OK, json);

    public static StripeJsonResult From(StripeApiException error) =>
        new(error.Status, error.ToJson(), error.Error.Code?.StartsWith("parameter_", StringComparison.Ordinal) == true);
}
