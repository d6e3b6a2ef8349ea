using FibroStore.Ordering.Carts;
using FibroStore.Ordering.Data;
using FibroStore.Ordering.Domain;
using FibroStore.Ordering.Fulfillment;
using FibroStore.Payments.Contracts;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
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

    internal Outcome Result { get; private set; } = new(OutcomeKind.Unknown, null, null);

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "session_id")] string? sessionId, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(sessionId) || sessionId.Length > 255)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Result = await mediator.Send(new Settle(sessionId, CartStore.VisitorCartId(HttpContext), CartStore.CustomerId(User)), ct);
        if (Result.Kind == OutcomeKind.Unknown)
            Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    /// <summary><see cref="OutcomeKind.Placed"/> shows the order; <see cref="OutcomeKind.PlacedElsewhere"/> only says it is placed.</summary>
    internal enum OutcomeKind { Unknown, Placed, PlacedElsewhere, Waiting, Expired, Refused }

    /// <summary>The order (with the link a guest keeps) when this browser may see it.</summary>
    internal sealed record Outcome(OutcomeKind Kind, Order? Order, string? OrderLink);

    internal sealed record Settle(string SessionId, Guid? VisitorCartId, string? CustomerId) : ICommand<Outcome>;

    internal sealed class Handler(OrderingDbContext db, IPaymentGateway payments, OrderFulfillment fulfillment, OrderLinks links, TimeProvider clock,
        ILogger<CompletePage> logger)
        : ICommandHandler<Settle, Outcome>
    {
        public async ValueTask<Outcome> Handle(Settle command, CancellationToken ct)
        {
            var checkout = await db.Checkouts.AsNoTracking().SingleOrDefaultAsync(c => c.SessionId == command.SessionId, ct);
            if (checkout is null)
                return new(OutcomeKind.Unknown, null, null);
            var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.CheckoutId == checkout.Id, ct);
            if (order is null && checkout.Status != CheckoutStatus.Refused)
            {
                try
                {
                    var session = await payments.GetCheckoutSessionAsync(command.SessionId, ct);
                    if (session.Status == CheckoutSessionStatus.Expired)
                        return new(OutcomeKind.Expired, null, null);
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
                return new(refused ? OutcomeKind.Refused : OutcomeKind.Waiting, null, null);
            }
            var theirs = (command.CustomerId is not null && checkout.CustomerId == command.CustomerId)
                         || (command.VisitorCartId is { } cartId && checkout.CartId == cartId);
            var recent = clock.GetUtcNow() - (order.PaidAt ?? order.PlacedAt) <= DetailsShownFor;
            if (!theirs || !recent)
                return new(OutcomeKind.PlacedElsewhere, null, null);
            return new(OutcomeKind.Placed, order, order.CustomerId is null ? links.GuestLink(order) : OrderLinks.Path(order));
        }
    }
}
