namespace FibroStore.Ordering.Pages.Staff.Orders;

internal sealed record RefundPlan(decimal Amount, Dictionary<int, int> Lines);

/// <summary>
/// What a staff refund returns, always worked out here from the order's own lines and never taken from the form.
/// Refunds still being made (Requested) count as spent, so two refunds started together cannot pass the total.
/// </summary>
internal static class RefundRules
{
    /// <summary>A refund's lines are keyed by order line position; the shipping charge, which has no line, uses this key.</summary>
    public const int ShippingPosition = -1;

    /// <summary>Units of each line not yet refunded nor being refunded, by position.</summary>
    public static Dictionary<int, int> LeftPerLine(Order order, IEnumerable<OrderRefund> refunds)
    {
        var pending = refunds.Where(r => r.Status == RefundStatus.Requested).SelectMany(r => r.Lines)
            .GroupBy(l => l.Key).ToDictionary(g => g.Key, g => g.Sum(l => l.Value));
        return order.Lines.ToDictionary(l => l.Position, l => Math.Max(0, l.Quantity - l.QuantityRefunded - pending.GetValueOrDefault(l.Position)));
    }

    public static bool ShippingLeft(Order order, IEnumerable<OrderRefund> refunds) =>
        order.Shipping > 0 && !refunds.Any(r => r.Status != RefundStatus.Failed && r.Lines.ContainsKey(ShippingPosition));

    /// <summary>Money still refundable once the refunds being made go through.</summary>
    public static decimal AmountLeft(Order order, IEnumerable<OrderRefund> refunds) =>
        order.Refundable - refunds.Where(r => r.Status == RefundStatus.Requested).Sum(r => r.Amount);

    /// <summary>The form as first shown: everything that is left, ready to be trimmed down.</summary>
    public static ShowStaffOrder.RefundForm DefaultForm(Order order, IReadOnlyList<OrderRefund> refunds) => new()
    {
        RefundId = Guid.CreateVersion7(),
        Quantities = LeftPerLine(order, refunds),
        Shipping = ShippingLeft(order, refunds),
    };

    /// <summary>The refund the chosen lines and shipping come to; refused (as invalid input) when they cannot be refunded.</summary>
    public static Outcome<RefundPlan> Plan(Order order, IReadOnlyList<OrderRefund> refunds, IReadOnlyDictionary<int, int> quantities, bool shipping)
    {
        var left = LeftPerLine(order, refunds);
        var lines = new Dictionary<int, int>();
        foreach (var (position, quantity) in quantities)
        {
            if (quantity == 0) continue;
            if (!left.TryGetValue(position, out var available)) return Refused("That line is not on this order. Reload the page and try again.");
            if (quantity < 0) return Refused("A quantity to refund cannot be below zero.");
            var line = order.Lines.Single(l => l.Position == position);
            if (quantity > available)
                return Refused(available == 0
                    ? $"{line.ProductName} has already been refunded in full."
                    : $"Only {available} of {line.ProductName} can still be refunded, not {quantity}.");
            lines[position] = quantity;
        }
        var shippingLeft = ShippingLeft(order, refunds);
        shipping &= order.Shipping > 0;
        if (shipping && !shippingLeft) return Refused("The shipping has already been refunded.");
        if (lines.Count == 0 && !shipping) return Refused("Choose at least one item, or the shipping, to refund.");

        var amountLeft = AmountLeft(order, refunds);
        if (amountLeft <= 0) return Refused("Nothing is left to refund on this order.");
        // A discount took the same share off every line, so a line gives back its price less that share.
        var share = order.Subtotal > 0 ? (order.Subtotal - order.Discount) / order.Subtotal : 0;
        var goods = lines.Sum(l => order.Lines.Single(x => x.Position == l.Key).UnitPrice * l.Value);
        var amount = Math.Round(goods * share, 2, MidpointRounding.AwayFromZero) + (shipping ? order.Shipping : 0);
        var everything = left.All(l => lines.GetValueOrDefault(l.Key) == l.Value) && (shipping || !shippingLeft);
        // The last refund returns exactly what is left, so rounding each share never strands or overshoots a penny.
        if (everything) amount = amountLeft;
        if (amount > amountLeft)
            return Refused($"That is {Money.Format(amount, order.Currency)}, more than is left to refund ({Money.Format(amountLeft, order.Currency)}).");
        if (order.CannotRefund(amount) is { } problem) return Refused(problem);
        if (shipping) lines[ShippingPosition] = 1;
        return new RefundPlan(amount, lines);
    }

    private static Refusal Refused(string problem) => Refusal.Invalid(problem);
}
