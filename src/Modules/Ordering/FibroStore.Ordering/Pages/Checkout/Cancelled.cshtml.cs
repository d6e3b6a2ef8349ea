using FibroStore.Ordering.Carts;
using FibroStore.Ordering.Checkout;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FibroStore.Ordering.Pages.Checkout;

/// <summary>
/// The payment page's "back" link. The cart is untouched; the payment page is closed so it cannot be paid later
/// from another tab, and its stock goes back at once rather than when it would have expired.
/// </summary>
[AllowAnonymous]
public sealed class CancelledPage(IMediator mediator) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await mediator.Send(new CloseCheckouts(), ct);
        return Redirect("/cart?cancelled=true");
    }

    internal sealed record CloseCheckouts : ICommand;

    internal sealed class Handler(CartStore carts, StartCheckout checkout) : ICommandHandler<CloseCheckouts>
    {
        public async ValueTask<Unit> Handle(CloseCheckouts command, CancellationToken ct)
        {
            if (await carts.FindAsync(ct) is { } cart)
                await checkout.CloseOpenCheckoutsAsync(cart.Id, ct);
            return Unit.Value;
        }
    }
}
