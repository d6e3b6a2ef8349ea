using System.Net.Http.Headers;
using FibroStore.SharedKernel.Data;
using SkiaSharp;

namespace FibroStore.Catalog.Tests;

public sealed class StaffCatalogTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private static Dictionary<string, string> NewProductForm(string name, string sku, string price = "12.50") => new()
    {
        ["Product.Name"] = name, ["Product.Summary"] = "A calm thing.", ["Product.Description"] = "Made *slowly*.",
        ["Variant.Name"] = "Standard", ["Variant.Sku"] = sku, ["Variant.Price"] = price, ["Variant.WeightGrams"] = "200",
        ["Variant.TrackStock"] = "true", ["Variant.LowStockThreshold"] = "3", ["OpeningStock"] = "7",
    };

    private Task<int> CountAsync<T>() where T : class => store.InScopeAsync(sp => sp.GetRequiredService<CatalogDbContext>().Set<T>().CountAsync());

    [Fact]
    public async Task Merchandiser_creates_a_product_with_opening_stock_and_the_change_is_audited()
    {
        var (client, userId) = await store.SignInNewUserAsync(StaffRoles.Merchandiser);
        using var _ = client;
        var sku = "SC-" + Guid.NewGuid().ToString("N")[..6];

        var response = await client.PostFormAsync("/staff/catalog/products/new", NewProductForm("Staff made wrap", sku));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var edit = await client.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Product saved as a draft.", edit, StringComparison.Ordinal);
        Assert.Contains(sku.ToUpperInvariant(), edit, StringComparison.Ordinal);
        var audits = await store.InScopeAsync(sp => sp.GetRequiredService<CatalogDbContext>().Set<OutboxMessage>()
            .Where(m => m.Type.Contains("StaffActionAudited")).Select(m => m.Payload).ToListAsync());
        Assert.Contains(audits, p => p.Contains("product.created", StringComparison.Ordinal) && p.Contains(userId, StringComparison.Ordinal));
        Assert.Empty(await store.LedgerMismatchesAsync());
    }

    [Theory]
    [InlineData("-1", "between 0 and 100000")]
    [InlineData("1000000", "between 0 and 100000")]
    [InlineData("abc", "is not valid")]
    public async Task Absurd_prices_are_refused_with_400_and_nothing_is_saved(string price, string message)
    {
        var (client, _) = await store.SignInNewUserAsync(StaffRoles.Merchandiser);
        using var __ = client;
        var before = await CountAsync<Domain.Product>();

        var response = await client.PostFormAsync("/staff/catalog/products/new", NewProductForm("Bad price " + price, "BP-" + Guid.NewGuid().ToString("N")[..6], price));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync<Domain.Product>());
    }

    [Fact]
    public async Task Duplicate_slug_or_sku_is_refused_with_a_clear_message()
    {
        var (client, _) = await store.SignInNewUserAsync(StaffRoles.Admin);
        using var __ = client;
        var sku = "DUP-" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/staff/catalog/products/new", NewProductForm("Twin pillow", sku))).StatusCode);
        var before = await CountAsync<Domain.Product>();

        var again = await client.PostFormAsync("/staff/catalog/products/new", NewProductForm("Twin pillow", sku));
        var html = await again.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("already uses the address name", html, StringComparison.Ordinal);
        Assert.Contains("is already used by another variant", html, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync<Domain.Product>());
    }

    [Fact]
    public async Task Shoppers_and_editors_cannot_reach_catalog_staff_pages()
    {
        var (shopper, _) = await store.SignInNewUserAsync();
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        using var a = shopper;
        using var b = editor;
        Assert.NotEqual(HttpStatusCode.OK, (await shopper.GetAsync("/staff/catalog/products")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await editor.GetAsync("/staff/catalog/products")).StatusCode);
    }

    [Fact]
    public async Task Pictures_need_alt_text_and_must_be_real_images()
    {
        var (client, _) = await store.SignInNewUserAsync(StaffRoles.Merchandiser);
        using var __ = client;
        var created = await client.PostFormAsync("/staff/catalog/products/new", NewProductForm("Pictured mat", "PM-" + Guid.NewGuid().ToString("N")[..6]));
        var editUrl = created.Headers.Location!.OriginalString.Split('?')[0];
        var page = await client.GetPageAsync(editUrl);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

        async Task<HttpResponseMessage> UploadAsync(byte[] bytes, string alt)
        {
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, "picture", "picture.png");
            form.Add(new StringContent(alt), "alt");
            form.Add(new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken");
            return await client.Http.PostAsync(editUrl + "?handler=Upload", form);
        }

        var noAlt = await UploadAsync(Png(), "");
        var broken = await UploadAsync("not a picture at all"u8.ToArray(), "A mat");
        Assert.Equal(HttpStatusCode.BadRequest, noAlt.StatusCode);
        Assert.Contains("alt text", await noAlt.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("not an image we can read", await broken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync<Domain.ProductImage>());

        var good = await UploadAsync(Png(), "A green mat rolled up");
        Assert.True(good.StatusCode == HttpStatusCode.Redirect, await good.Content.ReadAsStringAsync());
        Assert.Contains("alt=\"A green mat rolled up\"", await client.GetPageAsync(editUrl), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stock_adjustment_needs_a_reason_refuses_going_below_zero_and_lands_in_the_ledger()
    {
        var (client, _) = await store.SignInNewUserAsync(StaffRoles.Merchandiser);
        using var __ = client;
        var product = await store.AddProductAsync("Adjustable", new CatalogTestData.VariantSpec("Standard", 5m, 4));
        var url = $"/staff/catalog/variants/{product.Variants[0].Id}";

        var noReason = await client.PostFormAsync(url, new Dictionary<string, string> { ["Change.Quantity"] = "3", ["Change.Kind"] = "Received", ["Change.Reason"] = "" }, url + "?handler=Adjust");
        var tooMany = await client.PostFormAsync(url, new Dictionary<string, string> { ["Change.Quantity"] = "-9", ["Change.Kind"] = "Adjusted", ["Change.Reason"] = "Count" }, url + "?handler=Adjust");
        var ok = await client.PostFormAsync(url, new Dictionary<string, string> { ["Change.Quantity"] = "6", ["Change.Kind"] = "Received", ["Change.Reason"] = "Delivery from supplier" }, url + "?handler=Adjust");

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("fewer units on hand than zero", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(10, (await store.GetVariantAsync(product.Variants[0].Id)).OnHand);
        Assert.Contains("Delivery from supplier", await client.GetPageAsync(url), StringComparison.Ordinal);
        Assert.Empty(await store.LedgerMismatchesAsync());
    }

    [Fact]
    public async Task An_option_cannot_take_a_sku_another_option_uses()
    {
        var (client, _) = await store.SignInNewUserAsync(StaffRoles.Merchandiser);
        using var __ = client;
        var first = await store.AddProductAsync("Sku holder", new CatalogTestData.VariantSpec("Standard", 5m, 1));
        var second = await store.AddProductAsync("Sku taker", new CatalogTestData.VariantSpec("Standard", 5m, 1));
        var url = $"/staff/catalog/variants/{second.Variants[0].Id}";
        var taken = first.Variants[0].Sku;

        var response = await client.PostFormAsync(url, new Dictionary<string, string>
        {
            ["Variant.Name"] = "Standard", ["Variant.Sku"] = taken, ["Variant.Price"] = "5.00", ["Variant.WeightGrams"] = "0",
            ["Variant.TrackStock"] = "true", ["Variant.LowStockThreshold"] = "3",
        }, url + "?handler=Save");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"The SKU {taken.ToUpperInvariant()} is already used by another option.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(second.Variants[0].Sku, (await store.GetVariantAsync(second.Variants[0].Id)).Sku);
    }

    [Fact]
    public async Task Low_stock_list_shows_options_at_or_below_their_threshold()
    {
        var (client, _) = await store.SignInNewUserAsync(StaffRoles.Merchandiser);
        using var __ = client;
        var low = await store.AddProductAsync("Nearly gone", new CatalogTestData.VariantSpec("Standard", 5m, 2));
        var plenty = await store.AddProductAsync("Plenty left", new CatalogTestData.VariantSpec("Standard", 5m, 50));

        var html = await client.GetPageAsync("/staff/catalog/low-stock");

        Assert.Contains(low.Variants[0].Sku, html, StringComparison.Ordinal);
        Assert.DoesNotContain(plenty.Variants[0].Sku, html, StringComparison.Ordinal);
    }

    private static byte[] Png()
    {
        using var bitmap = new SKBitmap(64, 64);
        bitmap.Erase(SKColors.SeaGreen);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
