using FibroStore.Payments.Contracts;
using FibroStore.Payments.Data;
using FibroStore.Payments.Stripe;
using FibroStore.SharedKernel;
using FibroStore.SharedKernel.Data;
using FibroStore.SharedKernel.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Stripe;
using Stripe.Checkout;

namespace FibroStore.Payments.Webhooks;

/// <summary>
/// `POST /webhooks/stripe`: checks the signature, records the event in the inbox keyed by its id and, in the same
/// transaction, stages what it means for the store in Payments' outbox. Stripe gets its 200 as soon as the event
/// is safely stored; the work happens after, from the outbox, so a slow or failing step never makes Stripe resend.
/// </summary>
internal static class StripeWebhookEndpoint
{
    public const string Path = "/webhooks/stripe";
    private const int MaxPayloadBytes = 512 * 1024;

    public static void MapStripeWebhook(this WebApplication app) =>
        app.MapPost(Path, HandleAsync).AllowAnonymous().DisableAntiforgery();

    private static async Task<IResult> HandleAsync(HttpContext http, StripeSettings settings, PaymentsDbContext db, TimeProvider clock,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(StripeWebhookEndpoint));
        if (http.Request.ContentLength > MaxPayloadBytes)
            return Results.Problem("The event is larger than any Stripe sends.", statusCode: StatusCodes.Status413PayloadTooLarge);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxPayloadBytes;
        string json;
        using (var reader = new StreamReader(http.Request.Body))
            json = await reader.ReadToEndAsync(ct);

        var signature = http.Request.Headers["Stripe-Signature"].ToString();
        if (string.IsNullOrEmpty(signature))
            return Results.Problem("A Stripe webhook carries a Stripe-Signature header; this request has none.", statusCode: StatusCodes.Status400BadRequest);
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(json, signature, settings.WebhookSecret,
                settings.WebhookToleranceSeconds, throwOnApiVersionMismatch: false);
        }
        // A bad signature, a stale time stamp or a payload that is not an event: whatever the parser throws, it is the sender's fault.
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Refused a Stripe webhook: {Reason}", ex.Message);
            return Results.Problem("The Stripe-Signature header does not match this payload, or it is too old.", statusCode: StatusCodes.Status400BadRequest);
        }

        var meaning = Translate(stripeEvent);
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var recorded = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO payments.webhook_events (id, type, payload, handled, received_at)
            VALUES ({stripeEvent.Id}, {stripeEvent.Type}, {json}::jsonb, {meaning is not null}, {now})
            ON CONFLICT (id) DO NOTHING
            """, ct);
        if (recorded == 1 && meaning is not null)
        {
            db.AddEvent(meaning, now);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return Results.Ok();
    }

    /// <summary>What a Stripe event means for the store, or null for a type it does not act on (still answered 200).</summary>
    private static IntegrationEvent? Translate(Event stripeEvent)
    {
        switch (stripeEvent.Type)
        {
            case EventTypes.CheckoutSessionCompleted:
            case EventTypes.CheckoutSessionAsyncPaymentSucceeded:
            case EventTypes.CheckoutSessionAsyncPaymentFailed:
            case EventTypes.CheckoutSessionExpired:
                if (stripeEvent.Data.Object is not Session session) return null;
                var state = StripePaymentGateway.Map(session);
                // A session some other integration on the same Stripe account created: not ours to act on.
                if (state.CheckoutId == Guid.Empty) return null;
                return stripeEvent.Type switch
                {
                    EventTypes.CheckoutSessionCompleted => new CheckoutSessionCompleted(state),
                    EventTypes.CheckoutSessionAsyncPaymentSucceeded => new CheckoutAsyncPaymentSucceeded(state),
                    EventTypes.CheckoutSessionAsyncPaymentFailed => new CheckoutAsyncPaymentFailed(state),
                    _ => new CheckoutSessionExpired(state.SessionId, state.CheckoutId),
                };
            case EventTypes.ChargeRefunded:
                if (stripeEvent.Data.Object is not Charge charge || charge.PaymentIntentId is null) return null;
                var currency = charge.Currency.ToUpperInvariant();
                return new ChargeRefunded(charge.PaymentIntentId, Money.FromMinorUnits(charge.AmountRefunded, currency),
                    Money.FromMinorUnits(charge.AmountCaptured, currency), currency);
            default:
                return null;
        }
    }
}
