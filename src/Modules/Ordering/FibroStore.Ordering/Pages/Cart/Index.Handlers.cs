using FibroStore.Ordering.Checkout;

namespace FibroStore.Ordering.Pages.Cart;

/// <summary>The cart page's data: the cart, the shipping choices, its totals when it can be checked out, and why a choice cannot apply.</summary>
internal sealed record CartPageData(CartView View, IReadOnlyList<ShippingOption> ShippingOptions, PricedBasket? Basket, Refusal? Refusal)
{
    public static readonly CartPageData Empty = new(CartView.Empty("USD"), [], null, null);

    public decimal ShippingPrice(ShippingOption option) =>
        option.PriceFor(Basket is null ? View.Subtotal : Basket.Totals.Subtotal - Basket.Totals.Discount);
}

public sealed partial class CartPage
{
    /// <summary>The cart now, and its totals with the given shipping and code (a refusal says why they cannot apply).</summary>
    internal sealed record Load(Guid? ShippingOptionId, string? DiscountCode) : IQuery<CartPageData>;

    /// <summary>Sets a line's quantity; 0 removes the line.</summary>
    internal sealed record ChangeQuantity(Guid VariantId, int Quantity) : ICommand<Outcome>;

    /// <summary>Counts a discount code check against the client's limit.</summary>
    internal sealed record CountCodeCheck(CheckoutClient Client) : ICommand<Outcome>;

    internal sealed class Handlers(CartStore carts, ICatalogStock catalog, StartCheckout checkout, OrderingDbContext db,
        ActiveShippingOptions shipping, IOptions<OrderingOptions> options, TimeProvider clock)
        : IQueryHandler<Load, CartPageData>, ICommandHandler<ChangeQuantity, Outcome>, ICommandHandler<CountCodeCheck, Outcome>
    {
        public async ValueTask<Outcome> Handle(CountCodeCheck command, CancellationToken ct) =>
            await checkout.CountCodeCheckAsync(command.Client, ct);

        public async ValueTask<CartPageData> Handle(Load query, CancellationToken ct)
        {
            var cart = await carts.FindAsync(ct);
            var view = await CartView.BuildAsync(cart, catalog, options.Value.Currency, ct);
            if (!view.CanCheckout)
                return new CartPageData(view, await shipping.GetAsync(ct), null, null);
            var priced = await checkout.PriceAsync(view, cart?.Id, query.ShippingOptionId, query.DiscountCode, ct);
            var refusal = priced.Refusal;
            // A code that cannot be used is shown beside the totals without it.
            if (refusal?.Field == StartCheckout.DiscountCodeField)
                priced = await checkout.PriceAsync(view, cart?.Id, query.ShippingOptionId, null, ct);
            return priced.IsDone
                ? new CartPageData(view, priced.Value.ShippingOptions, priced.Value, refusal)
                : new CartPageData(view, [], null, priced.Refusal);
        }

        public async ValueTask<Outcome> Handle(ChangeQuantity command, CancellationToken ct)
        {
            var cart = await carts.FindToChangeAsync(ct);
            if (cart is null || cart.Lines.All(l => l.VariantId != command.VariantId))
                return command.Quantity == 0 ? Outcome.Done : Refusal.Conflict("That item is no longer in your cart.");
            if (command.Quantity > 0)
            {
                var variant = (await catalog.GetVariantsAsync([command.VariantId], ct)).GetValueOrDefault(command.VariantId);
                // A line that can no longer be bought at all keeps its note in the cart; only lowering or removing it helps.
                if (variant is { CanBuy: true } && LineCap.RefuseSetting(variant, command.Quantity) is { } tooMany)
                    return Refusal.Conflict(tooMany);
            }
            cart.SetQuantity(command.VariantId, command.Quantity, clock.GetUtcNow());
            await db.SaveAsOneBatchAsync(ct);
            return Outcome.Done;
        }
    }
}
