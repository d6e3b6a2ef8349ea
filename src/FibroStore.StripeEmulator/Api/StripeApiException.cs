using System.Globalization;
using Stripe;

namespace FibroStore.StripeEmulator.Api;

/// <summary>A request Stripe would refuse; becomes Stripe's error body so Stripe.net throws a filled StripeException.</summary>
internal sealed class StripeApiException(int status, string type, string message, string? code = null, string? param = null)
    : Exception(message)
{
    public int Status => status;

    public StripeError Error { get; } = new()
    {
        Type = type,
        Code = code,
        Message = message,
        Param = param,
        DocUrl = code is null ? null : "https://stripe.com/docs/error-codes/" + code.Replace('_', '-'),
    };

    public string ToJson() => "{\"error\": " + Error.ToJson() + "}";

    public static StripeApiException Invalid(string param, string message, string? code = null) =>
        new(400, "invalid_request_error", message, code, param);

    public static StripeApiException Missing(string param) =>
        Invalid(param, $"Missing required param: {param}.", "parameter_missing");

    public static StripeApiException NoSuch(string objectName, string id, string param, int status = 404) =>
        new(status, "invalid_request_error", $"No such {objectName}: '{id}'", "resource_missing", param);

    public static StripeApiException Unknown(string param) =>
        Invalid(param, $"Received unknown parameter: {param}", "parameter_unknown");

    public static StripeApiException InvalidInteger(string param, string value) =>
        Invalid(param, string.Create(CultureInfo.InvariantCulture, $"Invalid integer: {value}"), "parameter_invalid_integer");
}
