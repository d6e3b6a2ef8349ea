using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using FibroStore.StripeEmulator.Account;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FibroStore.StripeEmulator.Api;

/// <summary>
/// What Stripe does before and around every API call: the secret key check, a request id, Stripe's error body for
/// refused requests, and idempotency keys (the first result is saved and replayed; the same key with other parameters
/// is refused).
/// </summary>
internal sealed class ApiGate(IOptions<StripeEmulatorOptions> options) : IEndpointFilter
{
    private const string OriginItem = "stripe-emulator-origin";

    private sealed class Saved(string fingerprint)
    {
        public string Fingerprint => fingerprint;
        public StripeJsonResult? Result { get; set; }
    }

    private readonly ConcurrentDictionary<(string ApiKey, string Key), Saved> saved = new();

    // The saved keys in the order they came, so the oldest go first once more than KeptIdempotencyKeys are saved.
    private readonly ConcurrentQueue<(string ApiKey, string Key)> savedOrder = new();

    public static RequestOrigin Origin(HttpContext context) =>
        context.Items[OriginItem] as RequestOrigin ?? RequestOrigin.Buyer;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var requestId = StripeIds.New("req_", 14);
        http.Response.Headers["Request-Id"] = requestId;
        var apiKey = ApiKey(http.Request);
        if (apiKey is null)
            return Unauthorized("You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.");
        // Only the key the store was given: the emulator holds pretend payments, but they are still nobody else's to make.
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(apiKey), Encoding.UTF8.GetBytes(options.Value.SecretKey)))
            return Unauthorized($"Invalid API Key provided: {Mask(apiKey)}");

        var key = http.Request.Headers["Idempotency-Key"].ToString();
        http.Items[OriginItem] = new RequestOrigin(requestId, key.Length == 0 ? null : key);
        if (key.Length == 0 || !HttpMethods.IsPost(http.Request.Method))
            return await Run(context, next);

        var parameters = await StripeParams.ReadAsync(http.Request);
        var mine = new Saved(http.Request.Path + "?" + parameters.Fingerprint());
        var first = saved.GetOrAdd((apiKey, key), mine);
        if (ReferenceEquals(first, mine))
        {
            savedOrder.Enqueue((apiKey, key));
            while (savedOrder.Count > options.Value.KeptIdempotencyKeys && savedOrder.TryDequeue(out var oldest))
                saved.TryRemove(oldest, out _);
        }
        else
        {
            if (first.Fingerprint != mine.Fingerprint)
                return new StripeJsonResult(400, new StripeApiException(400, "idempotency_error",
                    $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request.").ToJson());
            if (first.Result is null)
                return new StripeJsonResult(409, new StripeApiException(409, "invalid_request_error",
                    "There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): " + key + ". Please try again later.",
                    "idempotency_key_in_use").ToJson());
            http.Response.Headers["Idempotent-Replayed"] = "true";
            return first.Result;
        }

        var result = await Run(context, next);
        // As Stripe does, a request refused for its parameters saves nothing, so it can be fixed and sent again.
        if (result is StripeJsonResult { RefusedParameters: false } json)
            mine.Result = json;
        else
            saved.TryRemove(new KeyValuePair<(string, string), Saved>((apiKey, key), mine));
        return result;
    }

    private static async ValueTask<object?> Run(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (StripeApiException e)
        {
            return StripeJsonResult.From(e);
        }
    }

    private static StripeJsonResult Unauthorized(string message) =>
        new(401, new StripeApiException(401, "invalid_request_error", message).ToJson());

    private static string? ApiKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return header["Bearer ".Length..].Trim() is { Length: > 0 } bearer ? bearer : null;
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var user = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim())).Split(':')[0];
                return user.Length > 0 ? user : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }
        return null;
    }

    private static string Mask(string key) =>
        key.Length <= 12 ? new string('*', key.Length) : key[..8] + new string('*', key.Length - 12) + key[^4..];
}
