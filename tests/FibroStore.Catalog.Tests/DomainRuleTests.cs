namespace FibroStore.Catalog.Tests;

public sealed class DomainRuleTests
{
    [Theory]
    [InlineData(true, false, 20, 0, "In stock")]
    [InlineData(true, false, 5, 2, "Only 3 left")]
    [InlineData(true, false, 3, 3, "Out of stock")]
    [InlineData(true, true, 0, 0, "Available on backorder")]
    [InlineData(true, true, 2, 4, "Available on backorder")]
    [InlineData(false, false, 0, 0, "In stock")]
    public void Stock_is_described_in_plain_words(bool track, bool backorder, int onHand, int reserved, string words)
    {
        var level = StockLevel.Of(track, backorder, onHand, reserved, lowThreshold: 3);
        Assert.Equal(words, level.Words);
    }

    [Fact]
    public void Out_of_stock_cannot_be_bought_but_backorder_can()
    {
        Assert.False(StockLevel.Of(true, false, 0, 0, 3).CanBuy);
        Assert.True(StockLevel.Of(true, true, 0, 0, 3).CanBuy);
        Assert.Equal("https://schema.org/BackOrder", StockLevel.Of(true, true, 0, 0, 3).SchemaOrg);
    }

    [Fact]
    public void A_product_is_as_buyable_as_its_best_variant()
    {
        var level = StockLevel.Combine([StockLevel.Of(true, false, 0, 0, 3), StockLevel.Of(true, false, 2, 0, 3), StockLevel.Of(true, false, 1, 0, 3)]);
        Assert.Equal("Only 3 left", level.Words);
        Assert.Equal("Out of stock", StockLevel.Combine([]).Words);
        Assert.Equal("In stock", StockLevel.Combine([StockLevel.Of(true, false, 0, 0, 3), StockLevel.Of(true, false, 50, 0, 3)]).Words);
    }

    [Theory]
    [InlineData(-1.0, null, "cannot be negative")]
    [InlineData(100_000.01, null, "at most")]
    [InlineData(9.999, null, "two decimal places")]
    [InlineData(10.0, 10.0, "higher than the price")]
    [InlineData(10.0, 5.0, "higher than the price")]
    public void Absurd_prices_are_refused_with_a_reason(double price, double? compareAt, string problem)
    {
        var message = Variant.CheckPrices((decimal)price, (decimal?)compareAt);
        Assert.NotNull(message);
        Assert.Contains(problem, message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Variant().SetPrices((decimal)price, (decimal?)compareAt));
    }

    [Fact]
    public void Sensible_prices_are_accepted()
    {
        var variant = new Variant();
        variant.SetPrices(12.50m, 15m);
        Assert.Equal(12.50m, variant.Price);
        Assert.Null(Variant.CheckPrices(0m, null));
    }

    [Theory]
    [InlineData("Lavender Wheat Bag (Large)", "lavender-wheat-bag-large")]
    [InlineData("  Hot & Cold  Knee Wrap ", "hot-cold-knee-wrap")]
    [InlineData("Café crème", "caf-cr-me")]
    public void Names_become_readable_slugs(string name, string slug)
    {
        Assert.Equal(slug, Product.Slugify(name));
        Assert.True(Product.IsValidSlug(slug));
    }

    [Fact]
    public void Slugs_with_capitals_spaces_or_edge_dashes_are_invalid()
    {
        Assert.False(Product.IsValidSlug("Heat Bag"));
        Assert.False(Product.IsValidSlug("-bag"));
        Assert.False(Product.IsValidSlug(""));
    }

    [Fact]
    public void A_product_without_variants_cannot_go_on_sale_and_its_from_price_ignores_archived_variants()
    {
        var product = new Product { Name = "Pillow", Slug = "pillow" };
        Assert.NotNull(product.CanActivate());
        var cheap = new Variant { Sku = "A", IsArchived = true };
        cheap.SetPrices(5m, null);
        var normal = new Variant { Sku = "B" };
        normal.SetPrices(20m, null);
        product.Variants.AddRange([cheap, normal]);
        product.Refresh(DateTimeOffset.UtcNow);
        Assert.Null(product.CanActivate());
        Assert.Equal(20m, product.MinPrice);
    }
}
