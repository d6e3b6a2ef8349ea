using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FibroStore.Editorial.Data.Configurations;

internal sealed class ArticleDailyViewsConfiguration : IEntityTypeConfiguration<ArticleDailyViews>
{
    public void Configure(EntityTypeBuilder<ArticleDailyViews> b)
    {
        b.ToTable("article_views");
        b.HasKey(v => new { v.ArticleId, v.Day });
        // The dashboard sums a range of days across all articles.
        b.HasIndex(v => new { v.Day, v.ArticleId }).IncludeProperties(v => v.Views);
    }
}

internal sealed class ProductCardClicksConfiguration : IEntityTypeConfiguration<ProductCardClicks>
{
    public void Configure(EntityTypeBuilder<ProductCardClicks> b)
    {
        b.ToTable("product_card_clicks");
        b.HasKey(c => new { c.ArticleId, c.ProductSlug, c.Day });
        b.Property(c => c.ProductSlug).HasMaxLength(Limits.Slug);
        b.HasIndex(c => new { c.Day, c.ArticleId }).IncludeProperties(c => c.Clicks);
    }
}
