namespace FibroStore.Ordering.Checkout;

internal sealed partial class StartCheckout
{
    /// <summary>The cart page's "Go to payment": checks out the shopper's cart as it is now, answering the payment page's address.</summary>
    internal sealed record Command(CheckoutChoices Choices, CheckoutClient Client) : ICommand<Outcome<CheckoutStarted>>;

    internal sealed class Handler(CartStore carts, ICatalogStock catalog, StartCheckout checkout, IOptions<OrderingOptions> options)
        : ICommandHandler<Command, Outcome<CheckoutStarted>>
    {
        public async ValueTask<Outcome<CheckoutStarted>> Handle(Command command, CancellationToken ct)
        {
            // A change like any other: a visitor cart waiting to join the customer's joins it before it is priced.
            var cart = await carts.FindToChangeAsync(ct);
            if (cart is null)
                return EmptyCart;
            var view = await CartView.BuildAsync(cart, catalog, options.Value.Currency, ct);
            return await checkout.StartAsync(cart, view, carts.CurrentCustomerId, command.Client, command.Choices, ct);
        }
    }
}
