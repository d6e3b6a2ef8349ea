using FibroStore.StripeEmulator.Account;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FibroStore.StripeEmulator.Api;

/// <summary>The part of Stripe's REST API the store calls, at /stripe-emulator/v1 (the ApiBase given to Stripe.net).</summary>
internal static class ApiEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/stripe-emulator/v1")
            .AllowAnonymous()
            .DisableAntiforgery()
            // The store calls it from inside its own requests: waiting behind them for a turn could wait forever.
            .DisableRateLimiting()
            .AddEndpointFilter(new LoopbackOnly())
            .AddEndpointFilter(app.ServiceProvider.GetRequiredService<ApiGate>());

        api.MapPost("/checkout/sessions", async (HttpRequest request, EmulatedAccount account) =>
            StripeJsonResult.Ok(account.CreateSession(await StripeParams.ReadAsync(request))));
        api.MapGet("/checkout/sessions/{id}", async (string id, HttpRequest request, EmulatedAccount account) =>
        {
            var p = await StripeParams.ReadAsync(request);
            p.AllowOnly("expand");
            return StripeJsonResult.Ok(account.RetrieveSession(id, p.Strings("expand")));
        });
        api.MapPost("/checkout/sessions/{id}/expire", async (string id, HttpContext http, EmulatedAccount account) =>
        {
            (await StripeParams.ReadAsync(http.Request)).AllowOnly("expand");
            return StripeJsonResult.Ok(account.ExpireSession(id, ApiGate.Origin(http)));
        });
        api.MapGet("/checkout/sessions/{id}/line_items", async (string id, HttpRequest request, EmulatedAccount account) =>
        {
            var p = await StripeParams.ReadAsync(request);
            p.AllowOnly("limit", "starting_after", "ending_before", "expand");
            if (p.String("ending_before") is not null)
                throw StripeApiException.Invalid("ending_before", "The Stripe emulator pages line items forward only; use starting_after.");
            return StripeJsonResult.Ok(account.ListLineItems(id, p.Long("limit"), p.String("starting_after")));
        });

        api.MapPost("/coupons", async (HttpRequest request, EmulatedAccount account) =>
            StripeJsonResult.Ok(account.CreateCoupon(await StripeParams.ReadAsync(request))));
        api.MapGet("/coupons/{id}", (string id, EmulatedAccount account) => StripeJsonResult.Ok(account.RetrieveCoupon(id)));

        api.MapGet("/payment_intents/{id}", (string id, EmulatedAccount account) =>
            StripeJsonResult.Ok(account.RetrievePaymentIntent(id)));

        api.MapPost("/refunds", async (HttpContext http, EmulatedAccount account) =>
            StripeJsonResult.Ok(account.CreateRefund(await StripeParams.ReadAsync(http.Request), ApiGate.Origin(http))));
        api.MapGet("/refunds/{id}", (string id, EmulatedAccount account) => StripeJsonResult.Ok(account.RetrieveRefund(id)));

        // Stripe's answer to an address it does not serve; here it also means "not emulated", so the store finds out early.
        api.Map("/{**path}", (HttpRequest request) =>
            new StripeJsonResult(404, new StripeApiException(404, "invalid_request_error",
                $"Unrecognized request URL ({request.Method}: /v1/{request.RouteValues["path"]}). The Stripe emulator does not serve this endpoint.").ToJson()));
    }
}
