using AngleSharp.Html.Parser;
using FibroStore.Catalog.Contracts;
using static FibroStore.Catalog.Tests.CatalogTestData;

namespace FibroStore.Catalog.Tests;

public sealed class ShopPageTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public async Task Category_page_lists_its_products_and_its_subcategories_products_with_breadcrumbs()
    {
        var parent = Unique("warmth");
        var child = Unique("wheat-bags");
        await store.AddCategoryAsync(parent, "Warmth");
        await store.AddCategoryAsync(child, "Wheat bags", parent);
        await store.AddProductAsync("Parent thing", ProductStatus.Active, parent);
        await store.AddProductAsync("Child thing", ProductStatus.Active, child);
        await store.AddProductAsync("Hidden draft", ProductStatus.Draft, child);

        using var client = store.CreateBrowserClient();
        var parentPage = await client.GetPageAsync($"/shop/category/{parent}");
        var childPage = await client.GetPageAsync($"/shop/category/{child}");

        Assert.Contains("Parent thing", parentPage, StringComparison.Ordinal);
        Assert.Contains("Child thing", parentPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden draft", parentPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Parent thing", childPage, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Breadcrumb\"", childPage, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/shop/category/{parent}\">Warmth</a>", childPage, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/shop/category/{child}\" aria-current=\"page\">Wheat bags</a>", childPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Price_and_stock_filters_and_sorting_come_from_the_query_string()
    {
        var category = Unique("filters");
        await store.AddCategoryAsync(category, "Filters");
        await store.AddProductAsync("Cheap cup", ProductStatus.Active, category, new VariantSpec(Variant.DefaultName, 5m, 10));
        await store.AddProductAsync("Middle mug", ProductStatus.Active, category, new VariantSpec(Variant.DefaultName, 15m, 10));
        await store.AddProductAsync("Dear dish", ProductStatus.Active, category, new VariantSpec(Variant.DefaultName, 50m, 0));

        using var client = store.CreateBrowserClient();
        var ranged = await client.GetPageAsync($"/shop/category/{category}?min=10&max=60&sort=price-desc");
        var inStock = await client.GetPageAsync($"/shop/category/{category}?instock=true&sort=price-asc");

        Assert.DoesNotContain("Cheap cup", ranged, StringComparison.Ordinal);
        Assert.True(ranged.IndexOf("Dear dish", StringComparison.Ordinal) < ranged.IndexOf("Middle mug", StringComparison.Ordinal));
        Assert.DoesNotContain("Dear dish", inStock, StringComparison.Ordinal);
        Assert.True(inStock.IndexOf("Cheap cup", StringComparison.Ordinal) < inStock.IndexOf("Middle mug", StringComparison.Ordinal));
        Assert.Contains("Out of stock", ranged, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?min=-5")]
    [InlineData("?min=20&max=10")]
    [InlineData("?max=99999999999")]
    [InlineData("?min=abc")]
    [InlineData("?p=0")]
    public async Task Nonsense_filters_get_a_clear_message_and_400(string query)
    {
        using var client = store.CreateBrowserClient();
        var response = await client.GetAsync("/shop" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("role=\"alert\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_category_and_product_are_404()
    {
        using var client = store.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/shop/category/no-such-thing")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/products/no-such-thing")).StatusCode);
    }

    [Fact]
    public async Task Draft_product_page_is_not_public()
    {
        var draft = await store.AddProductAsync("Unfinished", ProductStatus.Draft, null);
        using var client = store.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/products/{draft.Slug}")).StatusCode);
    }

    [Fact]
    public async Task Product_page_shows_variants_stock_in_words_and_a_cacheable_add_to_cart_form()
    {
        var product = await store.AddProductAsync("Knitted throw",
            new VariantSpec("Oat", 54m, 20, CompareAt: 60m), new VariantSpec("Heather", 54m, 2), new VariantSpec("Moss", 54m, 0));

        using var client = store.CreateBrowserClient();
        var html = await client.GetPageAsync($"/products/{product.Slug}");

        Assert.Contains("<h1>Knitted throw</h1>", html, StringComparison.Ordinal);
        Assert.Contains("$54.00", html, StringComparison.Ordinal);
        Assert.Contains("$60.00", html, StringComparison.Ordinal);
        Assert.Contains("Oat: $54.00, in stock", html, StringComparison.Ordinal);
        Assert.Contains("Heather: $54.00, only 2 left", html, StringComparison.Ordinal);
        Assert.Contains("Moss: $54.00, out of stock", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/cart/add\"", html, StringComparison.Ordinal);
        Assert.Contains("data-antiforgery", html, StringComparison.Ordinal);
        Assert.DoesNotContain("__RequestVerificationToken", html, StringComparison.Ordinal);
        Assert.Contains("application/ld+json", html, StringComparison.Ordinal);
        Assert.Contains("\"@type\":\"Product\"", html, StringComparison.Ordinal);
        Assert.Contains("https://schema.org/OutOfStock", html, StringComparison.Ordinal);
        Assert.Contains("property=\"og:title\" content=\"Knitted throw\"", html, StringComparison.Ordinal);
        Assert.Contains("<strong>Knitted throw</strong>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_quantity_box_offers_what_a_cart_line_may_hold_under_Catalogs_one_cap()
    {
        var product = await store.AddProductAsync("Cap check wrap",
            new VariantSpec("Plenty", 12m, 500), new VariantSpec("Few", 12m, 4), new VariantSpec("Backordered", 12m, 0, AllowBackorder: true),
            new VariantSpec("Uncounted", 12m, 0, TrackStock: false));
        using var client = store.CreateBrowserClient();
        var page = new HtmlParser().ParseDocument(await client.GetPageAsync($"/products/{product.Slug}"));

        string MaxOf(string option) => page.QuerySelectorAll("input[name=variantId]")
            .Single(i => page.QuerySelector($"label[for={i.Id}]")!.TextContent.StartsWith(option + ":", StringComparison.Ordinal))
            .GetAttribute("data-max")!;
        Assert.Equal(("99", "4", "99", "99"), (MaxOf("Plenty"), MaxOf("Few"), MaxOf("Backordered"), MaxOf("Uncounted")));
        Assert.Equal("99", page.QuerySelector("#quantity")!.GetAttribute("max"));
    }

    [Fact]
    public async Task Sold_out_product_disables_add_to_cart_and_says_why()
    {
        var product = await store.AddProductAsync("Gone bag", new VariantSpec(Variant.DefaultName, 9m, 0));
        using var client = store.CreateBrowserClient();
        var html = await client.GetPageAsync($"/products/{product.Slug}");

        Assert.Contains("disabled aria-describedby=\"buy-reason\"", html, StringComparison.Ordinal);
        Assert.Contains("every option has sold out", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cached_product_page_is_refreshed_when_its_stock_changes()
    {
        var product = await store.AddProductAsync("Popular pillow", new VariantSpec(Variant.DefaultName, 30m, 8));
        using var client = store.CreateBrowserClient();
        var url = $"/products/{product.Slug}";
        Assert.Contains("In stock", await client.GetPageAsync(url), StringComparison.Ordinal);
        Assert.NotNull((await client.GetAsync(url)).Headers.Age);

        await store.InScopeAsync(sp => sp.GetRequiredService<ICatalogStock>()
            .ReserveAsync(Guid.NewGuid(), [new StockLine(product.Variants[0].Id, 6)], DateTimeOffset.UtcNow.AddHours(1), default));

        // Eviction travels through PostgreSQL NOTIFY, so it lands a moment later.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string html;
        do
        {
            html = await client.GetPageAsync(url);
            if (html.Contains("Only 2 left", StringComparison.Ordinal)) break;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        Assert.Contains("Only 2 left", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shop_pages_through_products_keeping_filters()
    {
        var category = Unique("many");
        await store.AddCategoryAsync(category, "Many");
        for (var i = 0; i < 26; i++)
            await store.AddProductAsync($"Item {i:00}", ProductStatus.Active, category);

        using var client = store.CreateBrowserClient();
        var first = await client.GetPageAsync($"/shop/category/{category}?sort=name");
        var second = await client.GetPageAsync($"/shop/category/{category}?sort=name&p=2");

        Assert.Contains("26 products, page 1 of 2", first, StringComparison.Ordinal);
        Assert.Contains($"href=\"/shop/category/{category}?sort=name&amp;p=2\" rel=\"next\"", first, StringComparison.Ordinal);
        Assert.Contains("Item 25", second, StringComparison.Ordinal);
        Assert.DoesNotContain("Item 00", second, StringComparison.Ordinal);
    }
}
