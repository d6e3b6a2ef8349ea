using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FibroStore.Catalog.Data.Configurations;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.ToTable("products", t =>
        {
            t.HasCheckConstraint("ck_products_min_price", "min_price >= 0");
        });
        b.HasKey(p => p.Id);
        b.Property(p => p.Name).HasMaxLength(Product.MaxNameLength);
        b.Property(p => p.Slug).HasMaxLength(Product.MaxSlugLength);
        b.HasIndex(p => p.Slug).IsUnique();
        b.Property(p => p.Summary).HasMaxLength(300);
        b.Property(p => p.Description).HasMaxLength(20_000);
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.SeoTitle).HasMaxLength(70);
        b.Property(p => p.SeoDescription).HasMaxLength(160);
        b.Property(p => p.Brand).HasMaxLength(Product.MaxBrandLength);
        b.Property(p => p.SearchKeywords).HasMaxLength(4000);
        b.Property(p => p.MinPrice).HasColumnType("numeric(12,2)");
        b.Property(p => p.Version).IsRowVersion();
        b.Ignore(p => p.LiveVariants);
        // Weighted so a word in the name outranks the same word deep in the description.
        b.Property<NpgsqlTypes.NpgsqlTsVector>("SearchVector")
            .HasComputedColumnSql(
                "setweight(to_tsvector('english', coalesce(name, '')), 'A') || " +
                "setweight(to_tsvector('simple', coalesce(search_keywords, '')), 'B') || " +
                "setweight(to_tsvector('english', coalesce(summary, '')), 'B') || " +
                "setweight(to_tsvector('english', coalesce(description, '')), 'C')", stored: true);
        b.HasIndex("SearchVector").HasMethod("gin");
        // The same without the description: small enough to stay in the row, so search can rank every match by it
        // and read the whole vector only for the few it keeps (see ProductSearch).
        b.Property<NpgsqlTypes.NpgsqlTsVector>("SearchHead")
            .HasComputedColumnSql(
                "setweight(to_tsvector('english', coalesce(name, '')), 'A') || " +
                "setweight(to_tsvector('simple', coalesce(search_keywords, '')), 'B') || " +
                "setweight(to_tsvector('english', coalesce(summary, '')), 'B')", stored: true);
        b.HasIndex("SearchHead").HasMethod("gin");
        b.HasIndex(p => p.Name).HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("ix_products_name_trgm");
        b.HasIndex(p => new { p.Status, p.CreatedAt });
        b.HasIndex(p => new { p.Status, p.MinPrice });
        b.HasIndex(p => new { p.Status, p.Name });
        // The home page's featured strip reads a few rows in this order, however many products the store has.
        b.HasIndex(p => new { p.UpdatedAt, p.Id }).IsDescending(true, false)
            .HasFilter("is_featured AND status = 'Active'").HasDatabaseName("ix_products_featured");
        b.HasMany(p => p.Variants).WithOne(v => v.Product).HasForeignKey(v => v.ProductId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Images).WithOne().HasForeignKey(i => i.ProductId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Categories).WithMany(c => c.Products).UsingEntity(j => j.ToTable("product_categories"));
    }
}

internal sealed class VariantConfiguration : IEntityTypeConfiguration<Variant>
{
    public void Configure(EntityTypeBuilder<Variant> b)
    {
        b.ToTable("variants", t =>
        {
            t.HasCheckConstraint("ck_variants_price", "price >= 0 AND (compare_at_price IS NULL OR compare_at_price > price)");
            t.HasCheckConstraint("ck_variants_reserved", "reserved >= 0 AND on_hand >= 0");
            // The database itself refuses to oversell: without backorder, reserved never exceeds on hand.
            t.HasCheckConstraint("ck_variants_no_oversell", "allow_backorder OR NOT track_stock OR reserved <= on_hand");
        });
        b.HasKey(v => v.Id);
        b.Property(v => v.Name).HasMaxLength(80);
        b.Property(v => v.Sku).HasMaxLength(64);
        b.HasIndex(v => v.Sku).IsUnique();
        b.HasIndex(v => v.ProductId);
        b.Property(v => v.Price).HasColumnType("numeric(12,2)");
        b.Property(v => v.CompareAtPrice).HasColumnType("numeric(12,2)");
        foreach (var counter in new[] { nameof(Variant.OnHand), nameof(Variant.Reserved), nameof(Variant.UnitsSold) })
            b.Property(counter).Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        b.Ignore(v => v.Available);
        b.Ignore(v => v.Stock);
    }
}

internal sealed class ProductImageConfiguration : IEntityTypeConfiguration<ProductImage>
{
    public void Configure(EntityTypeBuilder<ProductImage> b)
    {
        b.ToTable("product_images");
        b.HasKey(i => i.Id);
        b.Property(i => i.Alt).HasMaxLength(ProductImage.MaxAltLength);
        b.Property(i => i.Url).HasMaxLength(500);
        b.Property(i => i.CardUrl).HasMaxLength(500);
        b.Property(i => i.SrcSet).HasMaxLength(2000);
        b.HasIndex(i => new { i.ProductId, i.Position });
    }
}

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> b)
    {
        b.ToTable("categories");
        b.HasKey(c => c.Id);
        b.Property(c => c.Name).HasMaxLength(80);
        b.Property(c => c.Slug).HasMaxLength(80);
        b.HasIndex(c => c.Slug).IsUnique();
        b.Property(c => c.Description).HasMaxLength(1000);
        b.HasOne<Category>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StockMovementConfiguration : IEntityTypeConfiguration<StockMovement>
{
    public void Configure(EntityTypeBuilder<StockMovement> b)
    {
        b.ToTable("stock_movements");
        b.HasKey(m => m.Id);
        b.Property(m => m.Id).UseIdentityAlwaysColumn();
        b.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.Reason).HasMaxLength(StockMovement.MaxReasonLength);
        b.Property(m => m.Actor).HasMaxLength(100);
        b.HasIndex(m => new { m.VariantId, m.Id });
        b.HasOne<Variant>().WithMany().HasForeignKey(m => m.VariantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StockReturnConfiguration : IEntityTypeConfiguration<StockReturn>
{
    public void Configure(EntityTypeBuilder<StockReturn> b)
    {
        b.ToTable("stock_returns");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Reason).HasMaxLength(StockMovement.MaxReasonLength);
    }
}

internal sealed class StockReservationConfiguration : IEntityTypeConfiguration<StockReservation>
{
    public void Configure(EntityTypeBuilder<StockReservation> b)
    {
        b.ToTable("stock_reservations");
        b.HasKey(r => r.Id);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(r => r.ExpiresAt).HasFilter("status = 'Held'");
        b.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.ReservationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StockReservationLineConfiguration : IEntityTypeConfiguration<StockReservationLine>
{
    public void Configure(EntityTypeBuilder<StockReservationLine> b)
    {
        b.ToTable("stock_reservation_lines");
        b.HasKey(l => new { l.ReservationId, l.VariantId });
        b.HasOne<Variant>().WithMany().HasForeignKey(l => l.VariantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProductRedirectConfiguration : IEntityTypeConfiguration<ProductRedirect>
{
    public void Configure(EntityTypeBuilder<ProductRedirect> b)
    {
        b.ToTable("redirects", t => t.HasCheckConstraint("ck_redirects_one_target", "(product_id IS NULL) <> (category_id IS NULL)"));
        b.HasKey(r => r.FromPath);
        b.Property(r => r.FromPath).HasMaxLength(ProductRedirect.PathLength);
        b.Property(r => r.Source).HasMaxLength(40);
        b.HasOne<Product>().WithMany().HasForeignKey(r => r.ProductId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Category>().WithMany().HasForeignKey(r => r.CategoryId).OnDelete(DeleteBehavior.Cascade);
    }
}
