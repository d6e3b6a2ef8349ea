using FibroStore.Catalog.Contracts;
using FibroStore.Ordering.Carts;
using FibroStore.Ordering.Checkout;
using FibroStore.Ordering.Data;
using FibroStore.Ordering.Domain;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FibroStore.Ordering.Pages.Cart;

internal sealed record CartPageData(CartView View, IReadOnlyList<ShippingOption> ShippingOptions, PricedBasket? Basket, CheckoutRefusal? Refusal)
{
    public static readonly CartPageData Empty = new(CartView.Empty("USD"), [], null, null);

    public decimal ShippingPrice(ShippingOption option) =>
        option.PriceFor(Basket is null ? View.Subtotal : Basket.Totals.Subtotal - Basket.Totals.Discount);
}

public sealed partial class CartPage
{
    /// <summary>The cart now, and its totals with the given shipping and code (a refusal says why they cannot apply).</summary>
    internal sealed record Load(Guid? ShippingOptionId, string? DiscountCode) : IQuery<CartPageData>;

    /// <summary>Null when done; 0 removes the line.</summary>
    internal sealed record ChangeQuantity(Guid VariantId, int Quantity) : ICommand<CheckoutRefusal?>;

    internal sealed record BeginCheckout(CheckoutChoices Choices, CheckoutClient Client) : ICommand<(string? PaymentUrl, CheckoutRefusal? Refusal)>;

    /// <summary>Counts a discount code check against the client's limit; false when it is over.</summary>
    internal sealed record CountCodeCheck(CheckoutClient Client) : ICommand<bool>;

    internal sealed class Handlers(CartStore carts, ICatalogStock catalog, StartCheckout checkout, OrderingDbContext db,
        IOptions<OrderingOptions> options, TimeProvider clock)
        : IQueryHandler<Load, CartPageData>, ICommandHandler<ChangeQuantity, CheckoutRefusal?>, ICommandHandler<BeginCheckout, (string?, CheckoutRefusal?)>,
          ICommandHandler<CountCodeCheck, bool>
    {
        public async ValueTask<bool> Handle(CountCodeCheck command, CancellationToken ct) =>
            await checkout.AllowCodeCheckAsync(command.Client, ct);

        public async ValueTask<CartPageData> Handle(Load query, CancellationToken ct)
        {
            var cart = await carts.FindAsync(ct);
            var view = await CartView.BuildAsync(cart, catalog, options.Value.Currency, ct);
            if (!view.CanCheckout)
                return new CartPageData(view, await db.ShippingOptions.AsNoTracking().Where(s => s.IsActive).OrderBy(s => s.Position).ToListAsync(ct), null, null);
            var (basket, refusal) = await checkout.PriceAsync(view, cart?.Id, query.ShippingOptionId, query.DiscountCode, ct);
            return new CartPageData(view, basket?.ShippingOptions ?? [], basket, refusal);
        }

        public async ValueTask<CheckoutRefusal?> Handle(ChangeQuantity command, CancellationToken ct)
        {
            var cart = await carts.FindToChangeAsync(ct);
            if (cart is null || cart.Lines.All(l => l.VariantId != command.VariantId))
                return command.Quantity == 0 ? null : new CheckoutRefusal("", "That item is no longer in your cart.", StatusCodes.Status409Conflict);
            if (command.Quantity > 0)
            {
                var variant = (await catalog.GetVariantsAsync([command.VariantId], ct)).GetValueOrDefault(command.VariantId);
                // A line that can no longer be bought at all keeps its note in the cart; only lowering or removing it helps.
                if (variant is { CanBuy: true } && LineCap.RefuseSetting(variant, command.Quantity) is { } tooMany)
                    return new CheckoutRefusal("", tooMany, StatusCodes.Status409Conflict);
            }
            cart.SetQuantity(command.VariantId, command.Quantity, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            return null;
        }

        public async ValueTask<(string?, CheckoutRefusal?)> Handle(BeginCheckout command, CancellationToken ct)
        {
            // A change like any other: a visitor cart waiting to join the customer's joins it before it is priced.
            var cart = await carts.FindToChangeAsync(ct);
            if (cart is null)
                return (null, new CheckoutRefusal("", "Your cart is empty. Add something from the shop first.", StatusCodes.Status400BadRequest));
            var view = await CartView.BuildAsync(cart, catalog, options.Value.Currency, ct);
            var (started, refusal) = await checkout.StartAsync(cart, view, carts.CurrentCustomerId, command.Client, command.Choices, ct);
            return (started?.PaymentUrl, refusal);
        }
    }
}
