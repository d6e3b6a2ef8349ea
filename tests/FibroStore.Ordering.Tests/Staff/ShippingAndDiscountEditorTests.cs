namespace FibroStore.Ordering.Tests.Staff;

/// <summary>Own store per test: these tests switch shipping options off, which other tests' checkouts need.</summary>
public sealed class ShippingAndDiscountEditorTests : IAsyncLifetime
{
    private readonly StoreFactory store = new();

    public Task InitializeAsync() => store.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)store).DisposeAsync();

    private Task<List<ShippingOption>> OptionsAsync() =>
        store.InScopeAsync(sp => sp.GetRequiredService<OrderingDbContext>().ShippingOptions.AsNoTracking().OrderBy(s => s.Position).ToListAsync());

    private Task<DiscountCode?> CodeAsync(string code) =>
        store.InScopeAsync(sp => sp.GetRequiredService<OrderingDbContext>().DiscountCodes.AsNoTracking().SingleOrDefaultAsync(d => d.Code == code));

    private static Dictionary<string, string> Option(string name, string price, bool active = true, string freeOver = "", string position = "5") => new()
    {
        ["Input.Name"] = name, ["Input.Description"] = "Two days", ["Input.Price"] = price, ["Input.FreeOver"] = freeOver,
        ["Input.Position"] = position, ["Input.IsActive"] = active ? "true" : "false",
    };

    [Fact]
    public async Task Shipping_options_are_added_edited_and_switched_off_but_never_all_of_them()
    {
        var staff = await store.MerchandiserAsync();

        var added = await staff.PostFormAsync("/staff/shipping/edit", Option("Courier", "5.50", freeOver: "60"));
        StaffOrderHelpers.AssertRedirectedTo(added, "/staff/shipping?saved=true");
        var courier = (await OptionsAsync()).Single(o => o.Name == "Courier");
        Assert.Equal(5.50m, courier.Price);
        Assert.Equal(60m, courier.FreeOver);
        Assert.Contains("Courier", await staff.GetPageAsync("/staff/shipping"));
        Assert.Equal(1, await store.AuditCountAsync("shipping-option.created", courier.Id.ToString()));

        var negative = await staff.PostFormAsync("/staff/shipping/edit", Option("Cheap", "-1"));
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Contains("The price is between 0 and 100000.", await negative.BodyAsync());
        var nameless = await staff.PostFormAsync("/staff/shipping/edit", Option("", "1"));
        Assert.Equal(HttpStatusCode.BadRequest, nameless.StatusCode);
        var zeroThreshold = await staff.PostFormAsync("/staff/shipping/edit", Option("Odd", "1", freeOver: "0"));
        Assert.Equal(HttpStatusCode.BadRequest, zeroThreshold.StatusCode);
        Assert.DoesNotContain(await OptionsAsync(), o => o.Name is "Cheap" or "Odd");

        foreach (var option in (await OptionsAsync()).Where(o => o.Id != courier.Id))
            StaffOrderHelpers.AssertRedirectedTo(
                await staff.PostFormAsync($"/staff/shipping/edit/{option.Id}", Option(option.Name, "3", active: false)), "/staff/shipping?saved=true");
        var last = await staff.PostFormAsync($"/staff/shipping/edit/{courier.Id}", Option("Courier", "5.50", active: false));
        Assert.Equal(HttpStatusCode.BadRequest, last.StatusCode);
        Assert.Contains("At least one shipping option must stay active", await last.BodyAsync());
        var options = await OptionsAsync();
        Assert.Single(options, o => o.IsActive);
        Assert.True(options.Single(o => o.Id == courier.Id).IsActive);
        Assert.Equal(1, await store.AuditCountAsync("shipping-option.updated", options.First(o => !o.IsActive).Id.ToString()));
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/staff/shipping/edit/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task The_cart_page_offers_a_saved_shipping_option_at_once_and_drops_one_switched_off()
    {
        var staff = await store.MerchandiserAsync();
        var blanket = await store.AddSellableProductAsync("Weighted lap blanket", 40m, 5);
        using var shopper = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(shopper, blanket.VariantId);
        Assert.DoesNotContain("Evening courier", await shopper.GetPageAsync("/cart"));

        StaffOrderHelpers.AssertRedirectedTo(await staff.PostFormAsync("/staff/shipping/edit", Option("Evening courier", "7.25")),
            "/staff/shipping?saved=true");
        Assert.Contains("Evening courier", await shopper.GetPageAsync("/cart"));

        var courier = (await OptionsAsync()).Single(o => o.Name == "Evening courier");
        StaffOrderHelpers.AssertRedirectedTo(
            await staff.PostFormAsync($"/staff/shipping/edit/{courier.Id}", Option("Evening courier", "7.25", active: false)),
            "/staff/shipping?saved=true");
        Assert.DoesNotContain("Evening courier", await shopper.GetPageAsync("/cart"));
    }

    private static Dictionary<string, string> Code(string code, string kind, string value, string starts = "", string ends = "", string limit = "", string minimum = "") => new()
    {
        ["Input.Code"] = code, ["Input.Kind"] = kind, ["Input.Value"] = value, ["Input.StartsAt"] = starts, ["Input.EndsAt"] = ends,
        ["Input.UsageLimit"] = limit, ["Input.MinimumSubtotal"] = minimum, ["Input.IsActive"] = "true",
    };

    [Fact]
    public async Task Discount_codes_are_saved_upper_case_once_with_dates_in_the_store_time_zone()
    {
        var staff = await store.MerchandiserAsync();

        var saved = await staff.PostFormAsync("/staff/discounts/edit", Code(" spring-10 ", "Percent", "10", "2026-07-01T09:00", "2026-07-31T23:30", "100", "20"));
        StaffOrderHelpers.AssertRedirectedTo(saved, "/staff/discounts?saved=true");
        var code = (await CodeAsync("SPRING-10"))!;
        Assert.Equal(DiscountKind.Percent, code.Kind);
        Assert.Equal(10m, code.Value);
        Assert.Equal(100, code.UsageLimit);
        Assert.Equal(20m, code.MinimumSubtotal);
        // The store's default time zone is Europe/London: 09:00 in July is 08:00 UTC (summer time).
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.Zero), code.StartsAt);
        Assert.Equal(new DateTimeOffset(2026, 7, 31, 22, 30, 0, TimeSpan.Zero), code.EndsAt);
        var list = await staff.GetPageAsync("/staff/discounts");
        Assert.Contains("SPRING-10", list);
        Assert.Contains("0 of 100", list);
        Assert.Contains("value=\"2026-07-01T09:00", await staff.GetPageAsync($"/staff/discounts/edit/{code.Id}"));
        Assert.Equal(1, await store.AuditCountAsync("discount-code.created", code.Id.ToString()));

        var duplicate = await staff.PostFormAsync("/staff/discounts/edit", Code("Spring-10", "Amount", "5"));
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("There is already a discount code SPRING-10.", await duplicate.BodyAsync());

        foreach (var bad in new[]
        {
            Code("BIG", "Percent", "150"), Code("ZERO", "Percent", "0"), Code("NONE", "Amount", "0"), Code("ODD", "Fraction", "5"),
            Code("BACKWARDS", "Amount", "5", "2026-08-02T10:00", "2026-08-01T10:00"), Code("BAD CODE!", "Amount", "5"), Code("", "Amount", "5"),
            Code("NOLIMIT", "Amount", "5", limit: "0"),
        })
        {
            var refused = await staff.PostFormAsync("/staff/discounts/edit", bad);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
        Assert.Equal(1, await store.InScopeAsync(sp => sp.GetRequiredService<OrderingDbContext>().DiscountCodes.CountAsync()));

        var edited = await staff.PostFormAsync($"/staff/discounts/edit/{code.Id}", Code("SPRING-10", "Amount", "4.50"));
        StaffOrderHelpers.AssertRedirectedTo(edited, "/staff/discounts?saved=true");
        var after = (await CodeAsync("SPRING-10"))!;
        Assert.Equal(DiscountKind.Amount, after.Kind);
        Assert.Null(after.StartsAt);
        Assert.Equal(1, await store.AuditCountAsync("discount-code.updated", code.Id.ToString()));
    }

    [Fact]
    public async Task Saving_a_shipping_option_or_code_that_is_gone_answers_404_with_a_message()
    {
        var staff = await store.MerchandiserAsync();
        var form = await staff.GetPageAsync("/staff/shipping/edit");
        var token = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);

        var option = await staff.PostRawAsync($"/staff/shipping/edit/{Guid.NewGuid()}", Option("Vanished", "2"), token);
        Assert.Equal(HttpStatusCode.NotFound, option.StatusCode);
        Assert.Contains("That shipping option is not there any more. Go back to the list of shipping options.", await option.BodyAsync());

        var code = await staff.PostRawAsync($"/staff/discounts/edit/{Guid.NewGuid()}", Code("VANISHED", "Amount", "5"), token);
        Assert.Equal(HttpStatusCode.NotFound, code.StatusCode);
        Assert.DoesNotContain(await OptionsAsync(), o => o.Name == "Vanished");
        Assert.Null(await CodeAsync("VANISHED"));
    }
}
