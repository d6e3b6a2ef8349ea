using FibroStore.Catalog.Contracts;
using FibroStore.Ordering.Carts;

namespace FibroStore.Ordering.Tests;

/// <summary>Cart limits, totals and discount codes, on objects built in memory: no database, no HTTP.</summary>
public sealed class CartAndPricingRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static SellableVariant Variant(int available, bool allowBackorder = false, bool trackStock = true, bool canBuy = true) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "wheat-bag", "Wheat bag", "Lavender", "WB-1", 14m, "USD", 900, trackStock, allowBackorder, available, canBuy, null);

    private static LineSnapshot Line(decimal price, int quantity) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "Wheat bag", "Lavender", "WB-1", price, quantity, null);

    [Fact]
    public void Adding_within_the_stock_is_allowed_and_past_it_says_how_many_more_fit()
    {
        var scarce = Variant(available: 3);
        Assert.Null(LineCap.RefuseAdding(scarce, already: 1, adding: 2));
        Assert.Equal("Only 1 more of Wheat bag (Lavender) can be added: that is all we have.", LineCap.RefuseAdding(scarce, already: 2, adding: 2));
        Assert.Equal("Your cart already holds all of Wheat bag (Lavender) that we have.", LineCap.RefuseAdding(scarce, already: 3, adding: 1));
    }

    [Fact]
    public void A_back_ordered_variant_is_capped_at_99_per_line_with_a_calm_message()
    {
        var backordered = Variant(available: 0, allowBackorder: true);
        Assert.Null(LineCap.RefuseAdding(backordered, already: 0, adding: 99));
        Assert.Equal("Only 39 more of Wheat bag (Lavender) can be added: a cart holds up to 99 of each item.",
            LineCap.RefuseAdding(backordered, already: 60, adding: 60));
        Assert.Equal("Your cart already holds 99 of Wheat bag (Lavender), the most one cart can take.",
            LineCap.RefuseAdding(backordered, already: 99, adding: 1));
        Assert.Equal("A cart holds up to 99 of each item. Please choose a quantity of 99 or fewer.", LineCap.RefuseSetting(backordered, 100));
    }

    [Fact]
    public void Stock_that_is_not_counted_is_capped_at_99_per_line()
    {
        var untracked = Variant(available: int.MaxValue, trackStock: false);
        Assert.Null(LineCap.RefuseSetting(untracked, 99));
        Assert.NotNull(LineCap.RefuseSetting(untracked, 100));
    }

    [Fact]
    public void Out_of_stock_refuses_any_quantity_and_setting_above_the_stock_names_what_is_left()
    {
        var soldOut = Variant(available: 0, canBuy: false);
        Assert.Equal("Your cart already holds all of Wheat bag (Lavender) that we have.", LineCap.RefuseAdding(soldOut, already: 0, adding: 1));
        Assert.Equal("Only 5 of Wheat bag (Lavender) are left. Please choose a quantity of 5 or fewer.", LineCap.RefuseSetting(Variant(available: 5), 7));
        Assert.Null(LineCap.RefuseSetting(Variant(available: 5), 5));
    }

    [Fact]
    public void The_cart_keeps_each_line_within_the_per_line_cap_and_at_most_50_lines()
    {
        var cart = new Cart { Id = Guid.NewGuid(), CreatedAt = Now };
        var variant = Guid.NewGuid();
        Assert.True(cart.Add(variant, 60, 14m, Now));
        Assert.True(cart.Add(variant, 60, 14m, Now));
        Assert.Equal(PurchaseLimit.PerCartLine, cart.Lines.Single().Quantity);
        cart.SetQuantity(variant, 500, Now);
        Assert.Equal(PurchaseLimit.PerCartLine, cart.Lines.Single().Quantity);
        cart.SetQuantity(variant, 0, Now);
        Assert.Empty(cart.Lines);

        for (var i = 0; i < Cart.MaxLines; i++)
            Assert.True(cart.Add(Guid.NewGuid(), 1, 1m, Now));
        Assert.False(cart.Add(Guid.NewGuid(), 1, 1m, Now));
        Assert.Equal(Cart.MaxLines, cart.Lines.Count);
    }

    [Fact]
    public void A_joined_guest_cart_adds_its_lines_within_the_cap()
    {
        var variant = Guid.NewGuid();
        var customer = new Cart { Id = Guid.NewGuid(), CreatedAt = Now };
        customer.Add(variant, 70, 14m, Now);
        var guest = new Cart { Id = Guid.NewGuid(), CreatedAt = Now };
        guest.Add(variant, 50, 14m, Now);
        guest.Add(Guid.NewGuid(), 2, 5m, Now);

        customer.Absorb(guest, Now);

        Assert.Equal(2, customer.Lines.Count);
        Assert.Equal(99, customer.Lines.Single(l => l.VariantId == variant).Quantity);
    }

    [Fact]
    public void Totals_add_lines_and_shipping_and_take_off_the_discount()
    {
        var totals = Pricing.Total([Line(12.50m, 2), Line(3.99m, 3)], discount: 5m, shipping: 3.95m, includedTaxPercent: 0);
        Assert.Equal(new Totals(Subtotal: 36.97m, Discount: 5m, Shipping: 3.95m, Tax: 0m, Total: 35.92m), totals);
    }

    [Fact]
    public void A_discount_never_takes_off_more_than_the_lines_nor_adds_money()
    {
        Assert.Equal(new Totals(10m, 10m, 4m, 0m, 4m), Pricing.Total([Line(10m, 1)], discount: 25m, shipping: 4m, includedTaxPercent: 0));
        Assert.Equal(new Totals(10m, 0m, 0m, 0m, 10m), Pricing.Total([Line(10m, 1)], discount: -3m, shipping: 0m, includedTaxPercent: 0));
        Assert.Equal(new Totals(0m, 0m, 3.95m, 0m, 3.95m), Pricing.Total([], discount: 5m, shipping: 3.95m, includedTaxPercent: 0));
    }

    [Theory]
    [InlineData(true, 10, 36.97, 3.70)]   // 3.697 rounds to the cent
    [InlineData(true, 15, 19.90, 2.99)]   // 2.985 rounds half away from zero
    [InlineData(true, 100, 19.90, 19.90)]
    [InlineData(true, 150, 19.90, 19.90)] // a percent above 100 counts as 100
    [InlineData(false, 5, 36.97, 5)]
    [InlineData(false, 50, 36.97, 36.97)] // never more than the basket
    public void A_code_takes_off_its_percent_rounded_to_the_cent_or_its_amount(bool percent, double value, double subtotal, double off)
    {
        var code = new DiscountCode { Code = "WARM", Kind = percent ? DiscountKind.Percent : DiscountKind.Amount, Value = (decimal)value };
        Assert.Equal((decimal)off, code.AmountOff((decimal)subtotal));
    }

    [Fact]
    public void A_code_is_usable_only_switched_on_between_its_dates_and_with_uses_left()
    {
        var code = new DiscountCode { Code = "WARM", Value = 10, StartsAt = Now.AddDays(-1), EndsAt = Now.AddDays(1), UsageLimit = 3, TimesUsed = 1, Reserved = 1 };
        Assert.True(code.IsUsable(Now));
        Assert.False(code.IsUsable(Now.AddDays(-2)));
        Assert.False(code.IsUsable(Now.AddDays(1)));
        code.Reserved = 2; // the last use is held by an open checkout
        Assert.False(code.IsUsable(Now));
        Assert.True(code.IsUsable(Now, ownReserved: 1)); // the asker's own checkout holds it
        Assert.False(new DiscountCode { Code = "OFF", Value = 10, IsActive = false }.IsUsable(Now));
    }

    [Fact]
    public void A_code_below_its_minimum_names_the_minimum_in_the_store_money_format()
    {
        var code = new DiscountCode { Code = "WARM", Value = 10, MinimumSubtotal = 1250m };
        Assert.Equal("That discount code needs a basket of at least CA$1,250.00.", code.Refusal(40m, "CAD", Now));
        Assert.Null(code.Refusal(1250m, "CAD", Now));
        Assert.Equal(DiscountCode.CannotBeUsed, new DiscountCode { Code = "OLD", Value = 10, EndsAt = Now }.Refusal(40m, "CAD", Now));
    }
}
