using FibroStore.Ordering.Checkout;
using Microsoft.AspNetCore.Authorization;

namespace FibroStore.Ordering.Pages.Checkout;

/// <summary>
/// The payment page's "back" link. The cart is untouched; the payment page named in the link is closed so it cannot
/// be paid later from another tab, and its stock goes back at once rather than when it would have expired. Only the
/// visitor's own checkout is closed: the link carries its id (known only to the payment page) and it must belong to
/// the visitor's cart, so a link from another site closes nothing.
/// </summary>
[AllowAnonymous]
public sealed class CancelledPage(IMediator mediator) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? checkout, CancellationToken ct)
    {
        if (Guid.TryParseExact(checkout, "N", out var checkoutId))
            await mediator.Send(new CloseCheckout(checkoutId), ct);
        return Redirect("/cart?cancelled=true");
    }

    internal sealed record CloseCheckout(Guid CheckoutId) : ICommand;

    internal sealed class Handler(CartStore carts, StartCheckout checkouts) : ICommandHandler<CloseCheckout>
    {
        public async ValueTask<Unit> Handle(CloseCheckout command, CancellationToken ct)
        {
            if (await carts.FindAsync(ct) is { } cart)
                await checkouts.CloseCheckoutAsync(cart.Id, command.CheckoutId, ct);
            return Unit.Value;
        }
    }
}
