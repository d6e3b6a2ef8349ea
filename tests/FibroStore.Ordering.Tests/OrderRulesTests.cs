namespace FibroStore.Ordering.Tests;

/// <summary>The order's status rules, on an order built in memory.</summary>
public sealed class OrderRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    private static Order PaidOrder()
    {
        var checkout = new CheckoutAttempt
        {
            Id = Guid.NewGuid(), Currency = "USD", Subtotal = 20m, Shipping = 5m, Total = 25m, ShippingName = "Standard delivery",
            Lines = [new LineSnapshot(Guid.NewGuid(), Guid.NewGuid(), "Heat pad", "Standard", "HP-1", 10m, 2, null)],
        };
        var order = Order.Place(Guid.NewGuid(), 1001, checkout, "shopper@example.org", "Shopper", null, null, "pi_1", Now);
        Assert.True(order.MarkPaid("pi_1", Now));
        return order;
    }

    [Fact]
    public void A_shipped_order_that_was_then_partly_refunded_cannot_be_shipped_again_but_can_be_marked_delivered()
    {
        var order = PaidOrder();
        order.Ship("Royal Mail", "RM1", "staff", Now);
        Assert.True(order.ApplyRefundedTotal(10m, "payments", Now));
        Assert.Equal(OrderStatus.PartiallyRefunded, order.Status);

        Assert.Equal("This order has already been shipped.", order.CannotShip());
        Assert.Null(order.CannotMarkDelivered());
        order.MarkDelivered("staff", Now);
        Assert.NotNull(order.DeliveredAt);
        Assert.Equal(OrderStatus.PartiallyRefunded, order.Status);
        Assert.Equal("This order has already been marked delivered.", order.CannotMarkDelivered());
    }

    [Fact]
    public void An_order_partly_refunded_before_shipping_can_still_be_shipped_and_then_delivered()
    {
        var order = PaidOrder();
        Assert.True(order.ApplyRefundedTotal(10m, "payments", Now));
        Assert.Null(order.CannotShip());
        order.Ship("DHL", "D1", "staff", Now);
        Assert.Equal(OrderStatus.Shipped, order.Status);
        order.MarkDelivered("staff", Now);
        Assert.Equal(OrderStatus.Delivered, order.Status);
    }

    [Fact]
    public void A_refund_note_names_the_amounts_in_the_store_currency()
    {
        var order = PaidOrder();
        order.ApplyRefundedTotal(10m, "payments", Now);
        Assert.Equal("Refunded $10.00 of $25.00 so far.", order.History[^1].Note);
    }

    [Fact]
    public void An_unshipped_or_fully_refunded_order_cannot_be_marked_delivered()
    {
        var order = PaidOrder();
        Assert.Equal("Only a shipped order can be marked delivered.", order.CannotMarkDelivered());
        order.Ship("UPS", "U1", "staff", Now);
        order.ApplyRefundedTotal(25m, "payments", Now);
        Assert.Equal("A refunded order cannot be marked delivered.", order.CannotMarkDelivered());
    }

    [Fact]
    public void A_refund_above_what_is_left_names_what_is_left_in_the_store_money_format()
    {
        Assert.Equal("That is more than is left to refund ($25.00).", PaidOrder().CannotRefund(100m));
        Assert.Null(PaidOrder().CannotRefund(25m));
    }
}
