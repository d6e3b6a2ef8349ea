using FibroStore.Ordering.Fulfillment;
using FibroStore.Payments.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FibroStore.Ordering.Pages.Checkout;

/// <summary>
/// Where the payment page sends the shopper back. The webhook may not have arrived yet, so when there is no order
/// the session is read from the payment provider and settled here, through the same once-only path. The link can be
/// shared or copied from a browser's history, so the order's details (name, email, addresses, the order link) are
/// shown only to the browser whose cart the checkout came from, and only for an hour after payment; anyone else is
/// told the order is placed and the details are in the email.
/// </summary>
[AllowAnonymous]
public sealed class CompletePage(IMediator mediator) : PageModel
{
    public static readonly TimeSpan DetailsShownFor = TimeSpan.FromHours(1);

    /// <summary>What became of the payment; null when there is none to show (the page says so).</summary>
    internal Settled? Result { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "session_id")] string? sessionId, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(sessionId) || sessionId.Length > 255)
        {
            Problem = Handler.NoSuchPayment.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var settled = await mediator.Send(new Settle(sessionId, CartStore.VisitorCartId(HttpContext), CartStore.CustomerId(User)), ct);
        if (!settled.IsDone)
        {
            Problem = settled.Refusal.Message;
            return this.Refuse(settled.Refusal);
        }
        Result = settled.Value;
        return Page();
    }

    /// <summary>
    /// <see cref="SettledKind.Placed"/> shows the order; <see cref="SettledKind.PlacedElsewhere"/> only says it is placed;
    /// <see cref="SettledKind.PaymentRefused"/> is a payment the store turned down (and gives back).
    /// </summary>
    internal enum SettledKind { Placed, PlacedElsewhere, Waiting, Expired, PaymentRefused }

    /// <summary>The order (with the link a guest keeps) when this browser may see it.</summary>
    internal sealed record Settled(SettledKind Kind, Order? Order = null, string? OrderLink = null);

    internal sealed record Settle(string SessionId, Guid? VisitorCartId, string? CustomerId) : ICommand<Outcome<Settled>>;

    internal sealed class Handler(OrderingDbContext db, IPaymentGateway payments, OrderFulfillment fulfillment, OrderLinks links, TimeProvider clock,
        ILogger<CompletePage> logger)
        : ICommandHandler<Settle, Outcome<Settled>>
    {
        public static readonly Refusal NoSuchPayment =
            Refusal.NotFound("We could not find a payment with that link. If you have paid, your receipt email has a link to your order.");

        public async ValueTask<Outcome<Settled>> Handle(Settle command, CancellationToken ct)
        {
            var checkout = await db.Checkouts.AsNoTracking().SingleOrDefaultAsync(c => c.SessionId == command.SessionId, ct);
            if (checkout is null)
                return NoSuchPayment;
            var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.CheckoutId == checkout.Id, ct);
            if (order is null && checkout.Status != CheckoutStatus.Refused)
            {
                try
                {
                    var session = await payments.GetCheckoutSessionAsync(command.SessionId, ct);
                    if (session.Status == CheckoutSessionStatus.Expired)
                        return new Settled(SettledKind.Expired);
                    order = await fulfillment.SettleAsync(session, ct);
                }
                catch (Exception ex) when (ex is PaymentFailedException or HttpRequestException)
                {
                    // The payment provider is slow to answer: the webhook will settle it; the page says we are waiting.
                    logger.LogWarning(ex, "Could not read payment session {SessionId} on the return page.", command.SessionId);
                }
            }
            if (order is null)
            {
                var refused = await db.Checkouts.AnyAsync(c => c.Id == checkout.Id && c.Status == CheckoutStatus.Refused, ct);
                return new Settled(refused ? SettledKind.PaymentRefused : SettledKind.Waiting);
            }
            var theirs = (command.CustomerId is not null && checkout.CustomerId == command.CustomerId)
                         || (command.VisitorCartId is { } cartId && checkout.CartId == cartId);
            var recent = clock.GetUtcNow() - (order.PaidAt ?? order.PlacedAt) <= DetailsShownFor;
            if (!theirs || !recent)
                return new Settled(SettledKind.PlacedElsewhere);
            return new Settled(SettledKind.Placed, order, order.CustomerId is null ? links.GuestLink(order) : OrderLinks.Path(order));
        }
    }
}
