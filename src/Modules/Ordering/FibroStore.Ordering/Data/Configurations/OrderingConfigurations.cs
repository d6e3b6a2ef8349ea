using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FibroStore.Ordering.Data.Configurations;

internal static class Json
{
    /// <summary>Stores a value object as jsonb; compared by its JSON so EF notices changes inside it.</summary>
    public static PropertyBuilder<T> AsJson<T>(this PropertyBuilder<T> property) =>
        property.HasColumnType("jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, OutboxJson.Options),
            v => JsonSerializer.Deserialize<T>(v, OutboxJson.Options)!,
            new ValueComparer<T>(
                (a, b) => JsonSerializer.Serialize(a, OutboxJson.Options) == JsonSerializer.Serialize(b, OutboxJson.Options),
                v => JsonSerializer.Serialize(v, OutboxJson.Options).GetHashCode(StringComparison.Ordinal),
                v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, OutboxJson.Options), OutboxJson.Options)!));
}

internal sealed class CartConfiguration : IEntityTypeConfiguration<Cart>
{
    public void Configure(EntityTypeBuilder<Cart> b)
    {
        b.ToTable("carts");
        b.HasKey(c => c.Id);
        b.Property(c => c.CustomerId).HasMaxLength(450);
        b.HasIndex(c => c.CustomerId).IsUnique().HasFilter("customer_id IS NOT NULL");
        b.HasIndex(c => c.UpdatedAt);
        b.Ignore(c => c.ItemCount);
        b.HasMany(c => c.Lines).WithOne().HasForeignKey(l => l.CartId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CartLineConfiguration : IEntityTypeConfiguration<CartLine>
{
    public void Configure(EntityTypeBuilder<CartLine> b)
    {
        b.ToTable("cart_lines");
        b.HasKey(l => new { l.CartId, l.VariantId });
        b.Property(l => l.PriceWhenAdded).HasPrecision(12, 2);
    }
}

internal sealed class CheckoutConfiguration : IEntityTypeConfiguration<CheckoutAttempt>
{
    public void Configure(EntityTypeBuilder<CheckoutAttempt> b)
    {
        b.ToTable("checkouts");
        b.HasKey(c => c.Id);
        b.Property(c => c.CustomerId).HasMaxLength(450);
        b.Property(c => c.Email).HasMaxLength(254);
        b.Property(c => c.Currency).HasMaxLength(3);
        b.Property(c => c.Lines).AsJson();
        foreach (var money in new[] { nameof(CheckoutAttempt.Subtotal), nameof(CheckoutAttempt.Discount), nameof(CheckoutAttempt.Shipping), nameof(CheckoutAttempt.Tax), nameof(CheckoutAttempt.Total) })
            b.Property(money).HasPrecision(12, 2);
        b.Property(c => c.TaxRatePercent).HasPrecision(5, 2);
        b.Property(c => c.DiscountCode).HasMaxLength(DiscountCode.CodeMaxLength);
        b.Property(c => c.ShippingName).HasMaxLength(ShippingOption.NameMaxLength);
        b.Property(c => c.TaxName).HasMaxLength(40);
        b.Property(c => c.SessionId).HasMaxLength(255);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.ClientKey).HasMaxLength(64);
        b.Property(c => c.Problem).HasMaxLength(500);
        b.Property(c => c.ProblemRefundId).HasMaxLength(255);
        b.HasIndex(c => c.SessionId).IsUnique();
        b.HasIndex(c => new { c.CartId, c.Status });
        b.HasIndex(c => new { c.ClientKey, c.Status });
        // Only open checkouts are read by variant (held stock) or by code (stale uses); the rest are history.
        b.HasIndex(c => c.ExpiresAt).HasFilter("status = 'Open'");
        b.HasIndex(c => c.DiscountCodeId).HasFilter("discount_held");
        b.HasIndex(c => c.ProblemAt).HasFilter("problem_at IS NOT NULL");
    }
}

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> b)
    {
        b.ToTable("orders");
        b.HasKey(o => o.Id);
        b.Property(o => o.Number).HasDefaultValueSql($"nextval('{OrderingDbContext.Schema}.{OrderingDbContext.OrderNumbers}')");
        b.HasIndex(o => o.Number).IsUnique();
        // One order per checkout, whatever arrives twice: the database, not the code, has the last word.
        b.HasIndex(o => o.CheckoutId).IsUnique();
        b.HasIndex(o => o.Email);
        b.HasIndex(o => o.CustomerId);
        b.HasIndex(o => o.PaymentIntentId);
        b.HasIndex(o => o.PaidAt);
        b.HasIndex(o => new { o.Status, o.PlacedAt });
        b.Property(o => o.CustomerId).HasMaxLength(450);
        b.Property(o => o.Email).HasMaxLength(254);
        b.Property(o => o.CustomerName).HasMaxLength(200);
        b.Property(o => o.ShippingAddress).AsJson();
        b.Property(o => o.BillingAddress).AsJson();
        b.Property(o => o.Currency).HasMaxLength(3);
        foreach (var money in new[] { nameof(Order.Subtotal), nameof(Order.Discount), nameof(Order.Shipping), nameof(Order.Tax), nameof(Order.Total), nameof(Order.AmountRefunded) })
            b.Property(money).HasPrecision(12, 2);
        b.Property(o => o.TaxRatePercent).HasPrecision(5, 2);
        b.Property(o => o.TaxName).HasMaxLength(40);
        b.Property(o => o.DiscountCode).HasMaxLength(DiscountCode.CodeMaxLength);
        b.Property(o => o.ShippingMethod).HasMaxLength(ShippingOption.NameMaxLength);
        b.Property(o => o.PaymentIntentId).HasMaxLength(255);
        b.Property(o => o.Status).HasConversion<string>().HasMaxLength(30);
        b.Property(o => o.Carrier).HasMaxLength(60);
        b.Property(o => o.TrackingNumber).HasMaxLength(Order.TrackingMaxLength);
        b.Property(o => o.Version).IsRowVersion();
        b.Ignore(o => o.DisplayNumber);
        b.Ignore(o => o.BillingSameAsDelivery);
        b.Ignore(o => o.Refundable);
        b.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(o => o.History).WithOne().HasForeignKey(h => h.OrderId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(o => o.Notes).WithOne().HasForeignKey(n => n.OrderId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(o => o.Lines).AutoInclude();
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> b)
    {
        b.ToTable("order_lines");
        b.HasKey(l => new { l.OrderId, l.Position });
        b.Property(l => l.ProductName).HasMaxLength(200);
        b.Property(l => l.VariantName).HasMaxLength(200);
        b.Property(l => l.Sku).HasMaxLength(64);
        b.Property(l => l.UnitPrice).HasPrecision(12, 2);
        b.Ignore(l => l.LineTotal);
        b.HasIndex(l => l.ProductId);
    }
}

internal sealed class OrderStatusChangeConfiguration : IEntityTypeConfiguration<OrderStatusChange>
{
    public void Configure(EntityTypeBuilder<OrderStatusChange> b)
    {
        b.ToTable("order_history");
        b.HasKey(h => h.Id);
        b.Property(h => h.Status).HasConversion<string>().HasMaxLength(30);
        b.Property(h => h.Actor).HasMaxLength(450);
        b.Property(h => h.Note).HasMaxLength(500);
        b.HasIndex(h => h.OrderId);
    }
}

internal sealed class OrderNoteConfiguration : IEntityTypeConfiguration<OrderNote>
{
    public void Configure(EntityTypeBuilder<OrderNote> b)
    {
        b.ToTable("order_notes");
        b.HasKey(n => n.Id);
        b.Property(n => n.Text).HasMaxLength(Order.NoteMaxLength);
        b.Property(n => n.AuthorId).HasMaxLength(450);
        b.HasIndex(n => n.OrderId);
    }
}

internal sealed class OrderRefundConfiguration : IEntityTypeConfiguration<OrderRefund>
{
    public void Configure(EntityTypeBuilder<OrderRefund> b)
    {
        b.ToTable("refunds");
        b.HasKey(r => r.Id);
        b.Property(r => r.Amount).HasPrecision(12, 2);
        b.Property(r => r.Lines).AsJson();
        b.Property(r => r.Reason).HasMaxLength(500);
        b.Property(r => r.ActorId).HasMaxLength(450);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.ProviderRefundId).HasMaxLength(255);
        b.Property(r => r.Failure).HasMaxLength(500);
        b.HasIndex(r => r.OrderId);
        b.HasIndex(r => r.CreatedAt);
    }
}

internal sealed class ShippingOptionConfiguration : IEntityTypeConfiguration<ShippingOption>
{
    public void Configure(EntityTypeBuilder<ShippingOption> b)
    {
        b.ToTable("shipping_options");
        b.HasKey(s => s.Id);
        b.Property(s => s.Name).HasMaxLength(ShippingOption.NameMaxLength);
        b.Property(s => s.Description).HasMaxLength(300);
        b.Property(s => s.Price).HasPrecision(12, 2);
        b.Property(s => s.FreeOver).HasPrecision(12, 2);
    }
}

internal sealed class DiscountCodeConfiguration : IEntityTypeConfiguration<DiscountCode>
{
    public void Configure(EntityTypeBuilder<DiscountCode> b)
    {
        b.ToTable("discount_codes");
        b.HasKey(d => d.Id);
        b.Property(d => d.Code).HasMaxLength(DiscountCode.CodeMaxLength);
        b.HasIndex(d => d.Code).IsUnique();
        b.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.Value).HasPrecision(12, 2);
        b.Property(d => d.MinimumSubtotal).HasPrecision(12, 2);
    }
}
