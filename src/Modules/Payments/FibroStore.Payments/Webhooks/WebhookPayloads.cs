using FibroStore.SharedKernel.Privacy;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace FibroStore.Payments.Webhooks;

/// <summary>
/// A stored Stripe event holds the payer's name, email, phone and addresses. The store needs them only while the event
/// is acted on and for a while after, for questions about a payment; then the payload is reduced to what identifies
/// the payment: the event's id, type and time, and the session's or charge's id, status, amounts, currency and the
/// store's own checkout reference. The row itself stays, so a resent event is still recognised.
/// </summary>
internal sealed class WebhookPayloads(NpgsqlDataSource dataSource, IConfiguration configuration, TimeProvider clock)
    : IRetentionTask, IPersonalDataEraser
{
    public const int DefaultKeepDays = 90;

    /// <summary>Reduces the payloads received more than <c>Payments:WebhookPayloadKeepDays</c> days ago.</summary>
    public async Task SweepAsync(CancellationToken ct)
    {
        var days = configuration.GetValue("Payments:WebhookPayloadKeepDays", DefaultKeepDays);
        await using var command = dataSource.CreateCommand(Reduce + " AND received_at < @cutoff");
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        command.Parameters.AddWithValue("cutoff", clock.GetUtcNow().AddDays(-Math.Max(1, days)));
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// A deleted account's payments are reduced at once: the events that carry the address Stripe recorded, and the
    /// events about the same payments that carry only the payer's name and delivery address (a payment intent's
    /// events do not repeat the email), found by the payment intent those events name.
    /// </summary>
    public async Task EraseAsync(string userId, string email, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(email)) return;
        // The payments are found once, in one pass over the stored events; the update then matches by their ids.
        await using var command = dataSource.CreateCommand("""
            WITH named AS (
                SELECT payload->'data'->'object'->>'payment_intent' AS payment_intent FROM payments.webhook_events
                WHERE strpos(lower(payload::text), @address) > 0)
            """ + Reduce + """
             AND (strpos(lower(payload::text), @address) > 0
                  OR payload->'data'->'object'->>'id' IN (SELECT payment_intent FROM named)
                  OR payload->'data'->'object'->>'payment_intent' IN (SELECT payment_intent FROM named))
            """);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        command.Parameters.AddWithValue("address", email.Trim().ToLowerInvariant());
        await command.ExecuteNonQueryAsync(ct);
    }

    private static readonly string Reduce = $"""
        UPDATE payments.webhook_events SET payload_reduced_at = @now, payload = jsonb_strip_nulls(jsonb_build_object(
            {Keep("payload", "id", "object", "type", "created", "livemode", "api_version")},
            'data', jsonb_build_object('object', jsonb_build_object(
                {Keep("payload->'data'->'object'", "id", "object", "status", "payment_status", "payment_intent", "amount_total",
                    "amount_subtotal", "amount_captured", "amount_refunded", "currency", "client_reference_id", "created", "expires_at", "refunded")},
                'metadata', jsonb_build_object({Keep("payload->'data'->'object'->'metadata'", StripePaymentGateway.CheckoutIdKey)})))))
        WHERE payload_reduced_at IS NULL
        """;

    private static string Keep(string source, params string[] fields) =>
        string.Join(", ", fields.Select(f => $"'{f}', {source}->'{f}'"));
}
