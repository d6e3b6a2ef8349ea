using System.Buffers;
using System.Text;
using FibroStore.Payments.Data;
using FibroStore.SharedKernel;
using FibroStore.SharedKernel.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
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
            return TooLarge();
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxPayloadBytes;
        var json = await ReadAtMostAsync(http.Request.Body, MaxPayloadBytes, ct);
        if (json is null)
            return TooLarge();

        var signature = http.Request.Headers["Stripe-Signature"].ToString();
        if (string.IsNullOrEmpty(signature))
            return Results.Problem("A Stripe webhook carries a Stripe-Signature header; this request has none.", statusCode: StatusCodes.Status400BadRequest);
        try
        {
            EventUtility.ValidateSignature(json, signature, settings.WebhookSecret, settings.WebhookToleranceSeconds);
        }
        // A bad signature, a stale or malformed time stamp: whatever the check throws, it is the sender's fault.
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Refused a Stripe webhook: {Reason}", ex.Message);
            return Results.Problem("The Stripe-Signature header does not match this payload, or it is too old.", statusCode: StatusCodes.Status400BadRequest);
        }

        // From here the sender is Stripe (or holds our secret): what it sent is stored when it can be, and refused
        // with a reason when it cannot; never a 500, which would only make Stripe send the same thing again.
        var stored = StorablePayload.From(json);
        if (stored is null)
            return Refuse(logger, "The payload is not valid JSON.");
        if (stored.Changed)
            logger.LogWarning("A Stripe webhook carried null characters or broken surrogate pairs; they are stored as U+FFFD");
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ParseEvent(stored.Json, throwOnApiVersionMismatch: false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Refuse(logger, $"The payload is not a Stripe event ({ex.GetType().Name}).");
        }
        if (string.IsNullOrEmpty(stripeEvent.Id) || stripeEvent.Id.Length > MaxIdLength)
            return Refuse(logger, $"A Stripe event has an id of 1 to {MaxIdLength} characters.");
        if (string.IsNullOrEmpty(stripeEvent.Type) || stripeEvent.Type.Length > MaxTypeLength)
            return Refuse(logger, $"A Stripe event has a type of 1 to {MaxTypeLength} characters.");

        var meaning = Translate(stripeEvent, logger);
        var now = clock.GetUtcNow();
        // One statement, so one round trip and its own transaction: the event goes in the inbox and, only if it was
        // not there yet, what it means in the outbox (a replay stages nothing).
        try
        {
            if (meaning is null)
            {
                await db.Database.ExecuteSqlInterpolatedAsync($"""
                    INSERT INTO payments.webhook_events (id, type, payload, handled, received_at)
                    VALUES ({stripeEvent.Id}, {stripeEvent.Type}, {stored.Json}::jsonb, false, {now})
                    ON CONFLICT (id) DO NOTHING
                    """, ct);
            }
            else
            {
                var message = OutboxMessage.For(meaning, now);
                await db.Database.ExecuteSqlInterpolatedAsync($"""
                    WITH recorded AS (
                        INSERT INTO payments.webhook_events (id, type, payload, handled, received_at)
                        VALUES ({stripeEvent.Id}, {stripeEvent.Type}, {stored.Json}::jsonb, true, {now})
                        ON CONFLICT (id) DO NOTHING
                        RETURNING id)
                    INSERT INTO payments.outbox_messages (id, type, payload, occurred_at, next_attempt_at, attempts)
                    SELECT {message.Id}, {message.Type}, {message.Payload}::jsonb, {message.OccurredAt}, {message.NextAttemptAt}, 0
                    FROM recorded
                    """, ct);
            }
        }
        // A value PostgreSQL's jsonb cannot hold (a number beyond numeric's range): no real event carries one.
        catch (Npgsql.PostgresException ex) when (ex.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            return Refuse(logger, $"The payload holds a value that cannot be stored ({ex.MessageText}).");
        }
        return Results.Ok();
    }

    private const int MaxIdLength = 255;
    private const int MaxTypeLength = 100;

    private static IResult TooLarge() =>
        Results.Problem("The event is larger than any Stripe sends.", statusCode: StatusCodes.Status413PayloadTooLarge);

    private static IResult Refuse(ILogger logger, string reason)
    {
        logger.LogWarning("Refused a signed Stripe webhook: {Reason}", reason);
        return Results.Problem(reason, statusCode: StatusCodes.Status400BadRequest);
    }

    /// <summary>The body as text, or null when it is longer than <paramref name="maxChars"/> (whatever Content-Length said).</summary>
    // Read in pieces into a text that grows with the payload: a buffer the size of the limit would be a 1 MB
    // large-object allocation per webhook, which a burst of them turned into hundreds of megabytes of heap.
    private static async Task<string?> ReadAtMostAsync(Stream body, int maxChars, CancellationToken ct)
    {
        using var reader = new StreamReader(body);
        var text = new StringBuilder();
        var piece = ArrayPool<char>.Shared.Rent(8 * 1024);
        try
        {
            int read;
            while ((read = await reader.ReadAsync(piece.AsMemory(), ct)) > 0)
            {
                if (text.Length + read > maxChars) return null;
                text.Append(piece, 0, read);
            }
            return text.ToString();
        }
        finally
        {
            ArrayPool<char>.Shared.Return(piece);
        }
    }

    /// <summary>What a Stripe event means for the store, or null for a type it does not act on (still answered 200).</summary>
    private static IntegrationEvent? Translate(Event stripeEvent, ILogger logger)
    {
        switch (stripeEvent.Type)
        {
            case EventTypes.CheckoutSessionCompleted:
            case EventTypes.CheckoutSessionAsyncPaymentSucceeded:
            case EventTypes.CheckoutSessionAsyncPaymentFailed:
            case EventTypes.CheckoutSessionExpired:
                if (stripeEvent.Data?.Object is not Session session) return null;
                if (string.IsNullOrEmpty(session.Id))
                {
                    logger.LogWarning("Stripe event {EventId} ({Type}) names no checkout session; kept, not acted on", stripeEvent.Id, stripeEvent.Type);
                    return null;
                }
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
                if (stripeEvent.Data?.Object is not Charge charge || charge.PaymentIntentId is null) return null;
                if (string.IsNullOrEmpty(charge.Currency))
                {
                    logger.LogWarning("Stripe event {EventId} (charge.refunded) has no currency; kept, not acted on", stripeEvent.Id);
                    return null;
                }
                var currency = charge.Currency.ToUpperInvariant();
                return new ChargeRefunded(charge.PaymentIntentId, Money.FromMinorUnits(charge.AmountRefunded, currency),
                    Money.FromMinorUnits(charge.AmountCaptured, currency), currency);
            default:
                return null;
        }
    }
}
