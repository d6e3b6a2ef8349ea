using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FibroStore.Catalog;
using FibroStore.SharedKernel.Data;
using FibroStore.SharedKernel.Security;
using FibroStore.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SkiaSharp;

namespace FibroStore.E2E;

public sealed partial class CatalogJourneyTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    /// <summary>Demo content is off in tests; the catalog's own demo seeder gives a real-looking shop (idempotent, so both tests may call it).</summary>
    private Task SeedDemoShopAsync() => session.Store.InScopeAsync(sp =>
        sp.GetServices<IDataSeeder>().Single(s => s.GetType().Assembly == typeof(CatalogModule).Assembly).SeedAsync(default));

    [Fact]
    public async Task A_shopper_filters_sorts_searches_and_chooses_an_option()
    {
        await SeedDemoShopAsync();
        var page = await session.NewPageAsync();

        await session.VisitAsync(page, "/shop");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Categories" }).GetByRole(AriaRole.Link, new() { Name = "Heat & cold" }).ClickAsync();
        await session.WaitForPageAsync(page, "**/shop/category/heat-and-cold");
        await session.ScanAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Heat & cold", Level = 1 })).ToBeVisibleAsync();

        await page.GetByLabel("In stock only").CheckAsync();
        await page.GetByLabel("Sort by").SelectOptionAsync(new SelectOptionValue { Label = "Price, low to high" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Show products" }).ClickAsync();
        await session.WaitForPageAsync(page, new Regex("heat-and-cold\\?.*sort=price-asc.*instock=true|heat-and-cold\\?.*instock=true.*sort=price-asc"));
        await session.ScanAsync(page);
        var prices = (await page.Locator(".product-card .price").AllInnerTextsAsync())
            .Select(t => decimal.Parse(PriceAmount().Match(t).Value, CultureInfo.InvariantCulture)).ToList();
        Assert.True(prices.Count > 1, "the filtered category should list several products");
        Assert.Equal(prices.Order().ToList(), prices);
        Assert.Equal(0, await page.Locator(".product-card .stock-out").CountAsync());

        await page.GetByRole(AriaRole.Search).First.GetByLabel("Search articles and products").FillAsync("magnesium");
        await page.Keyboard.PressAsync("Enter");
        await session.WaitForPageAsync(page, "**/search?q=magnesium");
        await session.ScanAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Magnesium Glycinate Capsules" }).First.ClickAsync();
        await session.WaitForPageAsync(page, "**/products/magnesium-glycinate-capsules");
        await session.ScanAsync(page);
        await Assertions.Expect(page.Locator("#chosen-price")).ToHaveTextAsync("$14.50");

        await page.GetByLabel(new Regex("^120 capsules")).CheckAsync();

        await Assertions.Expect(page.Locator("#chosen-price")).ToHaveTextAsync("$24.00");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("variant="));
        await session.ScanAsync(page);
        // The address now names the option: opening it fresh shows the same choice, rendered by the server.
        await session.VisitAsync(page, page.Url);
        await Assertions.Expect(page.GetByLabel(new Regex("^120 capsules"))).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#chosen-price")).ToHaveTextAsync("$24.00");
    }

    [Fact]
    public async Task A_merchandiser_creates_a_product_with_a_picture_and_two_options_then_imports_a_csv()
    {
        var email = $"mo-{Guid.NewGuid():N}@example.org";
        await session.Store.CreateUserAsync(email, StoreFactory.DefaultPassword, StaffRoles.Merchandiser);
        var unique = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var name = $"Calm Knee Wrap {unique}";
        var imported = $"Imported Eye Mask {unique}";
        var page = await session.NewPageAsync();

        await session.SignInAsync(page, email);

        await session.VisitAsync(page, "/staff/catalog/products/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Summary (one or two sentences)").FillAsync("A soft wrap that keeps a sore knee warm.");
        await page.GetByLabel("Option name (such as Large or Lavender)").FillAsync("Small");
        await page.GetByLabel("SKU").FillAsync($"KNEE-{unique}-S");
        await page.GetByLabel("Price", new() { Exact = true }).FillAsync("17.50");
        await page.GetByLabel("Opening stock (units on hand now)").FillAsync("6");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await session.WaitForPageAsync(page, "**/staff/catalog/products/*?created=true");
        await session.ScanAsync(page);

        await page.GetByLabel("Picture (JPEG, PNG, GIF or WebP, up to 10 MB)").SetInputFilesAsync(new FilePayload
        {
            Name = "knee-wrap.png", MimeType = "image/png", Buffer = Png(),
        });
        await page.GetByLabel("Describe the picture (alt text)").FillAsync("A sage-green knee wrap lying flat");
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload picture" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "A sage-green knee wrap lying flat" })).ToBeVisibleAsync();
        await session.ScanAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Add an option" }).ClickAsync();
        await session.ScanAsync(page);
        await page.GetByLabel("Option name (such as Large or Lavender)").FillAsync("Large");
        await page.GetByLabel("SKU").FillAsync($"KNEE-{unique}-L");
        await page.GetByLabel("Price", new() { Exact = true }).FillAsync("19.00");
        await page.GetByLabel("Opening stock (units on hand now)").FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add option" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = $"KNEE-{unique}-L" })).ToBeVisibleAsync();
        await session.ScanAsync(page);

        await page.GetByLabel("Status").SelectOptionAsync("Active");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved." })).ToBeVisibleAsync();
        await session.ScanAsync(page);

        var category = $"eye-care-{unique.ToLowerInvariant()}";
        await session.VisitAsync(page, "/staff/catalog/categories");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync($"Eye care {unique}");
        await page.GetByLabel("Address name (slug)").FillAsync(category);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add category" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Category added." })).ToBeVisibleAsync();
        await session.ScanAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = $"Eye care {unique}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete this category" })).ToBeVisibleAsync();
        await session.ScanAsync(page);

        await session.VisitAsync(page, "/staff/catalog/csv");
        var csv = "product_slug,product_name,status,categories,tags,summary,seo_title,seo_description,featured,sku,option_name,price,compare_at_price,weight_grams,track_stock,allow_backorder,low_stock_threshold,on_hand\r\n"
            + $"imported-eye-mask-{unique.ToLowerInvariant()},{imported},active,{category},sleep|dark,A contoured silk eye mask.,,,false,MASK-{unique},Standard,12.00,,40,false,false,0,\r\n";
        await page.GetByLabel("CSV file (UTF-8, up to 2 MB)").SetInputFilesAsync(new FilePayload
        {
            Name = "products.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        await Assertions.Expect(page.GetByText("All 1 rows are valid. Nothing has been changed yet.")).ToBeVisibleAsync();
        await session.ScanAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply the file (1 rows)" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import applied" })).ToBeVisibleAsync();
        await session.ScanAsync(page);

        // Both products are on sale. The shop is cached for anonymous visitors and the eviction arrives through
        // PostgreSQL NOTIFY, so look again briefly rather than once.
        var shopper = await session.NewPageAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await shopper.GotoAsync("/shop?sort=name");
            var names = await shopper.Locator(".product-card-name").AllInnerTextsAsync();
            if (names.Contains(name) && names.Contains(imported)) break;
            Assert.True(DateTime.UtcNow < deadline, $"The shop lists {string.Join(", ", names)}");
            await Task.Delay(300);
        }
        await session.VisitAsync(shopper, "/shop/category/" + category);
        await Assertions.Expect(shopper.GetByRole(AriaRole.Link, new() { Name = imported })).ToBeVisibleAsync();
        await session.VisitAsync(shopper, "/shop?sort=name");
        await shopper.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await session.ScanAsync(shopper);
        await Assertions.Expect(shopper.GetByRole(AriaRole.Img, new() { Name = "A sage-green knee wrap lying flat" }).First).ToBeVisibleAsync();
        await shopper.GetByLabel(new Regex("^Large")).CheckAsync();
        await Assertions.Expect(shopper.Locator("#chosen-price")).ToHaveTextAsync("$19.00");
    }

    private static byte[] Png()
    {
        using var bitmap = new SKBitmap(200, 160);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(0xF4, 0xF1, 0xEA));
            using var paint = new SKPaint { Color = new SKColor(0x7A, 0x9C, 0x78) };
            canvas.DrawRoundRect(new SKRect(30, 40, 170, 120), 24, 24, paint);
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    [GeneratedRegex(@"\d+(\.\d+)?")]
    private static partial Regex PriceAmount();
}
