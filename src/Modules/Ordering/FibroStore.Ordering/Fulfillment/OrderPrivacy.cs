using FibroStore.Accounts.Contracts;
using FibroStore.SharedKernel.Privacy;

namespace FibroStore.Ordering.Fulfillment;

/// <summary>A signed-in person's orders, checkouts and cart, for their "download my data" file.</summary>
internal sealed class OrderPersonalData(OrderingDbContext db, ICatalogStock catalog, IOptions<OrderingOptions> options) : IPersonalDataContributor
{
    public string Section => "Orders, checkouts and cart";

    public async Task<object?> CollectAsync(string userId, string email, CancellationToken ct)
    {
        var orders = await db.Orders.AsNoTracking().Where(o => o.CustomerId == userId).OrderBy(o => o.PlacedAt)
            .Select(o => new
            {
                Number = Order.FormatNumber(o.Number), Status = o.Status.ToString(), o.PlacedAt, o.PaidAt, o.ShippedAt, o.DeliveredAt, o.CancelledAt,
                o.Email, Name = o.CustomerName, DeliveryAddress = o.ShippingAddress, o.BillingAddress,
                o.Currency, o.Subtotal, o.Discount, o.DiscountCode, Delivery = o.ShippingMethod, DeliveryCost = o.Shipping, o.Tax, o.TaxName,
                o.Total, o.AmountRefunded, o.Carrier, o.TrackingNumber, o.JoinNewsletter,
                Lines = o.Lines.OrderBy(l => l.Position).Select(l => new { l.ProductName, l.VariantName, l.Sku, l.UnitPrice, l.Quantity, l.QuantityRefunded }).ToList(),
                History = o.History.OrderBy(h => h.At).Select(h => new { h.At, Status = h.Status.ToString(), h.Note }).ToList(),
            })
            .ToListAsync(ct);
        var checkouts = await db.Checkouts.AsNoTracking().Where(c => c.CustomerId == userId).OrderBy(c => c.CreatedAt)
            .Select(c => new
            {
                c.CreatedAt, Status = c.Status.ToString(), c.Email, c.Currency, c.Subtotal, c.Discount, c.DiscountCode,
                Delivery = c.ShippingName, DeliveryCost = c.Shipping, c.Tax, c.Total, c.JoinNewsletter, c.Lines,
            })
            .ToListAsync(ct);
        var cart = await db.Carts.AsNoTracking().Include(c => c.Lines).SingleOrDefaultAsync(c => c.CustomerId == userId, ct);
        var cartLines = cart is null ? [] : (await CartView.BuildAsync(cart, catalog, options.Value.Currency, ct)).Lines
            .Select(l => new { l.ProductName, l.VariantName, l.Quantity, l.PriceWhenAdded })
            .ToList();
        if (orders.Count == 0 && checkouts.Count == 0 && cartLines.Count == 0)
            return null;
        return new { Orders = orders, Checkouts = checkouts, Cart = cartLines };
    }
}

/// <summary>
/// A deleted account's orders stay, because the accounts and the tax return need them (number, dates, lines, amounts,
/// tax, the delivery method and the countries, which decide the tax), but they no longer say who bought: the account
/// link, email, name and the rest of both addresses are removed. The same goes for its checkouts (with the hash of the
/// client's address); its cart is deleted. Hearing the event twice changes nothing more.
/// </summary>
internal sealed class AnonymiseOrdersOnAccountDeleted(OrderingDbContext db) : INotificationHandler<AccountDeleted>
{
    public async ValueTask Handle(AccountDeleted notification, CancellationToken cancellationToken)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(AnonymiseOrders, [new Npgsql.NpgsqlParameter("customer", notification.UserId)], cancellationToken);
        await db.Checkouts.Where(c => c.CustomerId == notification.UserId).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.CustomerId, (string?)null)
            .SetProperty(c => c.Email, (string?)null)
            .SetProperty(c => c.ClientKey, (string?)null), cancellationToken);
        await db.Carts.Where(c => c.CustomerId == notification.UserId).ExecuteDeleteAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    private static readonly string AnonymiseOrders = $"""
        UPDATE ordering.orders SET customer_id = NULL, email = '', customer_name = NULL,
            shipping_address = {CountryOnly("shipping_address")}, billing_address = {CountryOnly("billing_address")}
        WHERE customer_id = @customer
        """;

    /// <summary>An address column reduced to its country.</summary>
    private static string CountryOnly(string column) =>
        $"CASE WHEN jsonb_typeof({column}) = 'object' THEN jsonb_build_object('name', '', 'country', {column}->'country') ELSE {column} END";
}
