using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace FibroStore.Web.Infrastructure;

/// <summary>
/// One rule for every page and endpoint: a null character (U+0000) in the query string or a form field
/// is refused with 400 before anything reads it. Nobody types one, PostgreSQL's text columns cannot store one,
/// and refusing it here means no page has to remember to. A form the server cannot read at all (over the size
/// limits, malformed multipart) is refused here too, with 413 or 400, instead of failing deeper down.
/// It runs after routing and authorization: a stranger's post to a staff page is turned away unread, and the
/// endpoint's own form limits (<c>[RequestFormLimits]</c>) apply to the reading done here.
/// </summary>
internal sealed class UnreadableInputMiddleware(RequestDelegate next, IOptions<FormOptions> formDefaults, ILogger<UnreadableInputMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // The friendly error page is shown by running the pipeline again on the same request: do not refuse it twice.
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null)
        {
            await next(context);
            return;
        }
        var request = context.Request;
        // (Kestrel itself refuses a null character in the path.)
        var refusal = request.Query.Any(p => HasNull(p.Key) || p.Value.Any(HasNull))
            ? NullRefusal
            : await ReadFormAsync(context);
        if (refusal is { } problem)
        {
            logger.LogInformation("Refused {Method} {Path}: {Reason}", request.Method, request.Path.Value, problem.Reason);
            ErrorPageMessage.Set(context, problem.Message);
            context.Response.StatusCode = problem.Status;
            return;
        }
        await next(context);
    }

    private static readonly Refusal NullRefusal = new(StatusCodes.Status400BadRequest, "null character",
        "The address or the form contained an invisible null character, which we cannot use. " +
        "If you pasted text, type it again or paste it as plain text, then try again.");

    private async Task<Refusal?> ReadFormAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.HasFormContentType)
            return null;
        if (context.GetEndpoint()?.Metadata.GetMetadata<IFormOptionsMetadata>() is { } limits)
            context.Features.Set<IFormFeature>(new FormFeature(request, Merge(formDefaults.Value, limits)));
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(context.RequestAborted);
        }
        // Too many fields, a field or file over the limits, a body over the server's limit, broken multipart, a
        // value with characters the form reader refuses (it refuses null characters itself), or a character set
        // .NET does not read (charset=utf-7).
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException or NotSupportedException
                                   && !context.RequestAborted.IsCancellationRequested)
        {
            logger.LogInformation("Could not read the form posted to {Path}: {Reason}", request.Path.Value, ex.Message);
            // The reader's limit errors say "... limit ... exceeded"; there is no separate exception type for them.
            var tooLarge = ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
                           || ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase);
            return tooLarge
                ? new Refusal(StatusCodes.Status413PayloadTooLarge, "form over the size limits",
                    "The form was larger than we accept. Please send less text, or a smaller file.")
                : new Refusal(StatusCodes.Status400BadRequest, "unreadable form",
                    "We could not read the form that was sent: it held characters we cannot use, such as an invisible null character. " +
                    "If you pasted text, type it again or paste it as plain text, then try again.");
        }
        var hasNull = form.Any(f => HasNull(f.Key) || f.Value.Any(HasNull)) || form.Files.Any(f => HasNull(f.Name) || HasNull(f.FileName));
        return hasNull ? NullRefusal : null;
    }

    private static FormOptions Merge(FormOptions defaults, IFormOptionsMetadata endpoint) => new()
    {
        BufferBody = endpoint.BufferBody ?? defaults.BufferBody,
        MemoryBufferThreshold = endpoint.MemoryBufferThreshold ?? defaults.MemoryBufferThreshold,
        BufferBodyLengthLimit = endpoint.BufferBodyLengthLimit ?? defaults.BufferBodyLengthLimit,
        ValueCountLimit = endpoint.ValueCountLimit ?? defaults.ValueCountLimit,
        KeyLengthLimit = endpoint.KeyLengthLimit ?? defaults.KeyLengthLimit,
        ValueLengthLimit = endpoint.ValueLengthLimit ?? defaults.ValueLengthLimit,
        MultipartBoundaryLengthLimit = endpoint.MultipartBoundaryLengthLimit ?? defaults.MultipartBoundaryLengthLimit,
        MultipartHeadersCountLimit = endpoint.MultipartHeadersCountLimit ?? defaults.MultipartHeadersCountLimit,
        MultipartHeadersLengthLimit = endpoint.MultipartHeadersLengthLimit ?? defaults.MultipartHeadersLengthLimit,
        MultipartBodyLengthLimit = endpoint.MultipartBodyLengthLimit ?? defaults.MultipartBodyLengthLimit,
    };

    private static bool HasNull(string? value) => value is not null && value.Contains('\0', StringComparison.Ordinal);

    private sealed record Refusal(int Status, string Reason, string Message);
}
