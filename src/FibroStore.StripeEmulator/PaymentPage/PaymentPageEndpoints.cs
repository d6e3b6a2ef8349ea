using System.Reflection;
using FibroStore.StripeEmulator.Account;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FibroStore.StripeEmulator.PaymentPage;

/// <summary>Stands in for checkout.stripe.com: the page the store sends the buyer to (the session's url).</summary>
internal static class PaymentPageEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var page = app.MapGroup("/stripe-emulator").AllowAnonymous().DisableAntiforgery().DisableRateLimiting()
            .AddEndpointFilter(new LoopbackOnly());

        page.MapGet("/pay/{id}", (string id, EmulatedAccount account) =>
            account.View(id) is { } view
                ? view.Status == "open" ? Html(200, PaymentPageHtml.Form(view, null, new Dictionary<string, string>())) : Closed(view)
                : NotFound());

        page.MapPost("/pay/{id}", async (string id, HttpRequest request, EmulatedAccount account) =>
        {
            var (form, refusal) = await ReadFormAsync(request);
            if (refusal is not null)
                return refusal;
            string Field(string name) => form[name].ToString();
            var entered = new PaymentForm(
                Field("email"), Field("card_number"), Field("expiry"), Field("cvc"), Field("name"),
                Field("line1"), Field("line2"), Field("city"), Field("state"), Field("postal_code"), Field("country"),
                form.ContainsKey("shipping_rate") ? Field("shipping_rate") : null, Field("method") == "bank_transfer");
            var outcome = account.Pay(id, entered);
            return outcome.Result switch
            {
                PaymentResult.NoSuchSession => NotFound(),
                PaymentResult.SessionNotOpen => Closed(account.View(id)!),
                PaymentResult.Paid or PaymentResult.AwaitingSettlement when outcome.RedirectUrl is { } url => SeeOther(url),
                PaymentResult.Paid or PaymentResult.AwaitingSettlement => Closed(account.View(id)!),
                _ => Html(outcome.Result == PaymentResult.Declined ? 402 : 400,
                    PaymentPageHtml.Form(account.View(id)!, entered, outcome.FieldErrors)),
            };
        });

        page.MapPost("/pay/{id}/settle", async (string id, HttpRequest request, EmulatedAccount account) =>
        {
            if (account.View(id) is not { } view)
                return NotFound();
            if (view is not { Status: "complete", PaymentStatus: "unpaid" })
                return Closed(view);
            var (form, refusal) = await ReadFormAsync(request);
            if (refusal is not null)
                return refusal;
            account.Settle(id, form["outcome"] == "succeeded");
            return Closed(account.View(id)!);
        });

        page.MapGet("/assets/checkout.css", () =>
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("FibroStore.StripeEmulator.checkout.css")!;
            using var reader = new StreamReader(stream);
            return Results.Text(reader.ReadToEnd(), "text/css; charset=utf-8");
        });
    }

    /// <summary>
    /// The posted form, or the answer to give instead: like Stripe's page, this one takes only a form (415 otherwise),
    /// and refuses one it cannot read or that carries a null character, which nobody types (400).
    /// </summary>
    private static async Task<(IFormCollection Form, IResult? Refusal)> ReadFormAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
            return (FormCollection.Empty, Html(StatusCodes.Status415UnsupportedMediaType,
                PaymentPageHtml.Message("We could not read that", "This page takes the payment form only. Go back to the payment page and try again.")));
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && !request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return (FormCollection.Empty, Unreadable());
        }
        return form.Any(f => f.Key.Contains('\0', StringComparison.Ordinal) || f.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
            ? (form, Unreadable())
            : (form, null);
    }

    private static IResult Unreadable() => Html(StatusCodes.Status400BadRequest,
        PaymentPageHtml.Message("We could not read that", "The form held characters we cannot use. Go back to the payment page and type the details again."));

    private static IResult SeeOther(string url) => new SeeOtherResult(url);

    private static IResult Html(int status, string html) => Results.Content(html, "text/html; charset=utf-8", statusCode: status);

    private static IResult NotFound() =>
        Html(404, PaymentPageHtml.Message("Payment page not found", "There is no checkout session at this address."));

    private static IResult Closed(CheckoutView view) => (view.Status, view.PaymentStatus) switch
    {
        ("expired", _) => Html(200, PaymentPageHtml.Message("This payment page has expired",
            "The time to pay has run out. Go back to the store to start again.")),
        ("complete", "unpaid") => Html(200, PaymentPageHtml.Message("Waiting for your bank transfer",
            "Your order is placed. It will be confirmed once the transfer arrives.", view.SessionId)),
        _ => Html(200, PaymentPageHtml.Message("Payment complete", "This payment has been made. You can close this page.")),
    };

    private sealed class SeeOtherResult(string url) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = url;
            return Task.CompletedTask;
        }
    }
}
