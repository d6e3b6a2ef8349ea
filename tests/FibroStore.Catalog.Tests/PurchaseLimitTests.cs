using FibroStore.Catalog.Contracts;

namespace FibroStore.Catalog.Tests;

/// <summary>Catalog's one rule for a cart line's cap, and the one display name of a variant, with no database.</summary>
public sealed class PurchaseLimitTests
{
    [Theory]
    [InlineData(true, false, 500, 99)]   // plenty in stock: the per-line cap
    [InlineData(true, false, 99, 99)]
    [InlineData(true, false, 98, 98)]    // fewer than the cap: what can be bought
    [InlineData(true, false, 3, 3)]
    [InlineData(true, false, 1, 1)]
    [InlineData(true, false, 0, 0)]      // sold out
    [InlineData(true, false, -2, 0)]     // more held than on hand (a count corrected after holds)
    [InlineData(true, true, 0, 99)]      // back-ordered: stock is no limit
    [InlineData(true, true, -40, 99)]
    [InlineData(true, true, 5, 99)]
    [InlineData(false, false, int.MaxValue, 99)] // stock not counted
    public void A_cart_line_holds_the_smaller_of_99_and_what_can_be_bought_unless_back_ordering_is_allowed(
        bool trackStock, bool allowBackorder, int available, int cap)
    {
        Assert.Equal(99, PurchaseLimit.PerCartLine);
        Assert.Equal(cap, PurchaseLimit.ForLine(trackStock, allowBackorder, available));
    }

    [Fact]
    public void A_variant_that_cannot_be_bought_has_a_cap_of_nothing_and_one_that_can_follows_the_rule()
    {
        Assert.Equal(0, Variant(trackStock: true, allowBackorder: false, available: 0, canBuy: false).MaxPerCartLine);
        Assert.Equal(0, Variant(trackStock: false, allowBackorder: false, available: int.MaxValue, canBuy: false).MaxPerCartLine);
        Assert.Equal(4, Variant(trackStock: true, allowBackorder: false, available: 4, canBuy: true).MaxPerCartLine);
        Assert.Equal(99, Variant(trackStock: true, allowBackorder: true, available: -3, canBuy: true).MaxPerCartLine);
    }

    [Theory]
    [InlineData("Heat pad", "Large", "Heat pad (Large)")]
    [InlineData("Heat pad", "", "Heat pad")]
    [InlineData("Heat pad", "  ", "Heat pad")]
    [InlineData("Heat pad", null, "Heat pad")]
    [InlineData("Heat pad", "Heat pad", "Heat pad")]
    [InlineData("Magnesium", "Double / Lavender", "Magnesium (Double / Lavender)")]
    public void A_variant_is_named_once_as_product_and_option(string product, string? variant, string shown)
    {
        Assert.Equal(shown, ProductDisplayName.Of(product, variant));
        Assert.Equal(shown == product ? null : variant, ProductDisplayName.OptionOf(product, variant));
    }

    [Fact]
    public void A_sellable_variant_carries_the_same_display_name()
    {
        Assert.Equal("Eye mask (Silk)", Variant(true, false, 3, true, "Eye mask", "Silk").DisplayName);
    }

    private static SellableVariant Variant(bool trackStock, bool allowBackorder, int available, bool canBuy,
        string product = "Heat pad", string variant = "Standard") =>
        new(Guid.NewGuid(), Guid.NewGuid(), "heat-pad", product, variant, "HP-1", 12m, "USD", 300, trackStock, allowBackorder, available, canBuy, null);
}
