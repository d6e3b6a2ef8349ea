using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using SkiaSharp;

namespace FibroStore.Catalog.Tests.WooCommerce;

/// <summary>
/// The shop "Calm Corner" as WooCommerce 9 exports it (calmcorner-products-2026-11-20.csv, written for this project):
/// simple and variable products with variations named by id and by parent SKU, nested categories, a sale price,
/// backorders, a product without SKU, a draft, a grouped product, an image in the uploads zip and others not.
/// </summary>
public sealed partial class WooCommerceImportTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private const string Url = "/staff/catalog/woocommerce";

    private static string Export() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "WooCommerce", "calmcorner-products-2026-11-20.csv"));

    /// <summary>A zip of wp-content/uploads as a site owner makes it, holding the heat pack's and the blanket's main pictures.</summary>
    private static byte[] UploadsZip()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, colour) in new[] { ("uploads/2025/10/lavender-heat-pack.jpg", SKColors.MediumPurple), ("uploads/2025/11/weighted-blanket.jpg", SKColors.SeaGreen) })
            {
                using var bitmap = new SKBitmap(48, 48);
                bitmap.Erase(colour);
                using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
                using var entry = zip.CreateEntry(path).Open();
                data.SaveTo(entry);
            }
            using var readme = new StreamWriter(zip.CreateEntry("uploads/wc-logs/index.html").Open());
            readme.Write("<p>not an image</p>");
        }
        return output.ToArray();
    }

    private static async Task<string> CheckAsync(BrowserClient client, string csv, byte[]? zip, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var page = await client.GetPageAsync(Url);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "wc-product-export-20-11-2026.csv");
        if (zip is not null) form.Add(new ByteArrayContent(zip), "uploads", "uploads.zip");
        form.Add(new StringContent(Token(page)), "__RequestVerificationToken");
        var response = await client.Http.PostAsync(Url + "?handler=Check", form);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {BrowserClient.Shorten(html)}");
        return html;
    }

    /// <summary>Presses the report's apply button, choosing the uploads zip again as its form asks.</summary>
    private static async Task<string> ApplyAsync(BrowserClient client, string reportHtml, byte[]? zip, bool validOnly = false,
        HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = WebUtility.HtmlDecode(CarriedFile().Match(reportHtml).Groups[1].Value);
        Assert.NotEmpty(text);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(text), "csvText" },
            { new StringContent(Token(reportHtml)), "__RequestVerificationToken" },
        };
        if (validOnly) form.Add(new StringContent("true"), "validOnly");
        if (zip is not null) form.Add(new ByteArrayContent(zip), "uploads", "uploads.zip");
        var response = await client.Http.PostAsync(Url + "?handler=Apply", form);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {BrowserClient.Shorten(html)}");
        return WebUtility.HtmlDecode(html);
    }

    private static string Token(string html) => WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);

    private Task<Product?> FindAsync(string slug) => store.InScopeAsync(sp => sp.GetRequiredService<CatalogDbContext>().Products.AsNoTracking()
        .Include(p => p.Variants).Include(p => p.Categories).Include(p => p.Images).AsSplitQuery().SingleOrDefaultAsync(p => p.Slug == slug));

    private Task<List<StockMovement>> MovementsAsync(string sku) => store.InScopeAsync(sp =>
    {
        var db = sp.GetRequiredService<CatalogDbContext>();
        return db.StockMovements.AsNoTracking().Where(m => db.Variants.Any(v => v.Id == m.VariantId && v.Sku == sku)).OrderBy(m => m.Id).ToListAsync();
    });

    private static async Task<string?> RedirectOf(BrowserClient client, string path)
    {
        var response = await client.GetAsync(path);
        return response.StatusCode == HttpStatusCode.MovedPermanently ? response.Headers.Location?.OriginalString : $"{(int)response.StatusCode}";
    }

    [Fact]
    public async Task A_WooCommerce_export_is_checked_then_applied_with_options_stock_pictures_and_old_addresses_and_again_changes_nothing()
    {
        using var client = (await store.SignInNewUserAsync(StaffRoles.Merchandiser)).Client;
        var zip = UploadsZip();

        var reportHtml = await CheckAsync(client, Export(), zip);
        var report = WebUtility.HtmlDecode(reportHtml);

        Assert.Contains("No problems in 9 rows: 5 products with 7 options will be imported. Nothing has been changed yet.", report, StringComparison.Ordinal);
        Assert.Contains("\"grouped\" products were left out", report, StringComparison.Ordinal);
        Assert.Contains("https://calmcorner.example/wp-content/uploads/2025/10/lavender-heat-pack-cover-off.jpg is not in the uploads zip, so it was not imported.", report, StringComparison.Ordinal);
        Assert.Contains("https://supplier-cdn.example/images/mag-glycinate-90.jpg is not in the old site's uploads folder; it was not fetched.", report, StringComparison.Ordinal);
        Assert.Contains("It had no SKU in WooCommerce; it was given WC-436.", report, StringComparison.Ordinal);
        Assert.Contains("It was private or a draft in WooCommerce, so it is imported as a draft.", report, StringComparison.Ordinal);
        Assert.Null(await FindAsync("lavender-wheat-heat-pack"));

        var applied = await ApplyAsync(client, reportHtml, zip);

        Assert.Contains("Products created: 5. Products updated: 0. Products already up to date: 0. Options created: 7. Options updated: 0. Categories created: 8. Pictures stored: 2. Stock changes: 3. Old addresses kept: 13.", applied, StringComparison.Ordinal);

        var pack = await FindAsync("lavender-wheat-heat-pack");
        Assert.NotNull(pack);
        Assert.Equal(ProductStatus.Active, pack.Status);
        Assert.True(pack.IsFeatured);
        Assert.StartsWith("A long, soft wheat bag scented with dried lavender.", pack.Summary, StringComparison.Ordinal);
        Assert.Equal(["lavender", "microwavable"], pack.Tags);
        var packVariant = Assert.Single(pack.Variants);
        Assert.Equal(("CC-HEAT-LAV", 17.50m, 22.00m, 900, 14, 3), (packVariant.Sku, packVariant.Price, packVariant.CompareAtPrice, packVariant.WeightGrams, packVariant.OnHand, packVariant.LowStockThreshold));
        Assert.Equal(["heat-packs"], pack.Categories.Select(c => c.Slug));
        Assert.Single(pack.Images);

        var blanket = await FindAsync("weighted-sleep-blanket");
        Assert.NotNull(blanket);
        Assert.Equal(["Single / Lavender", "Double / Sage", "Double / Lavender"], blanket.Variants.OrderBy(v => v.Position).Select(v => v.Name));
        var sage = blanket.Variants.Single(v => v.Sku == "CC-BLANKET-D-SAGE");
        Assert.True(sage.TrackStock && sage.AllowBackorder && sage.OnHand == 0);
        var doubleLavender = blanket.Variants.Single(v => v.Sku == "CC-BLANKET-D-LAV");
        Assert.Equal((89.00m, 99.00m, 6000), (doubleLavender.Price, doubleLavender.CompareAtPrice, doubleLavender.WeightGrams));
        Assert.Equal(["heat-therapy", "sleep-aids"], blanket.Categories.Select(c => c.Slug).Order());

        var book = await FindAsync("pacing-your-day-a-gentle-guide");
        Assert.NotNull(book);
        Assert.False(Assert.Single(book.Variants).TrackStock);
        Assert.StartsWith("A short paperback on planning rest", book.Summary, StringComparison.Ordinal);
        Assert.Equal(ProductStatus.Draft, (await FindAsync("folding-reacher-75-cm"))?.Status);
        var magnesium = Assert.Single((await FindAsync("magnesium-glycinate-capsules-90"))!.Variants);
        Assert.True(magnesium.AllowBackorder);

        // Stock came through the ledger, one row per counted option, with the reason "imported".
        var packMoves = Assert.Single(await MovementsAsync("CC-HEAT-LAV"));
        Assert.Equal((StockMovementKind.Adjusted, 14, "imported"), (packMoves.Kind, packMoves.OnHandDelta, packMoves.Reason));
        Assert.Equal(5, Assert.Single(await MovementsAsync("CC-BLANKET-S-LAV")).OnHandDelta);
        Assert.Empty(await MovementsAsync("CC-BLANKET-D-SAGE"));

        // The shop shows what was imported.
        using var shopper = store.CreateBrowserClient();
        var page = WebUtility.HtmlDecode(await shopper.GetPageAsync("/products/weighted-sleep-blanket"));
        Assert.Contains("Weighted Sleep Blanket", page, StringComparison.Ordinal);
        Assert.Contains("Double / Lavender", page, StringComparison.Ordinal);
        Assert.Contains("Evenly stitched pockets keep the beads in place", page, StringComparison.Ordinal);
        var packPage = WebUtility.HtmlDecode(await shopper.GetPageAsync("/products/lavender-wheat-heat-pack"));
        Assert.Contains("<li>Removable, washable cotton cover</li>", packPage, StringComparison.Ordinal);
        Assert.Contains("17.50", packPage, StringComparison.Ordinal);
        Assert.Contains("Weighted Sleep Blanket", WebUtility.HtmlDecode(await shopper.GetPageAsync("/shop/category/sleep-aids")), StringComparison.Ordinal);

        // The old shop's addresses lead to the new pages; a draft's old address does not.
        Assert.Equal("/products/lavender-wheat-heat-pack", await RedirectOf(shopper, "/product/lavender-wheat-heat-pack/"));
        Assert.Equal("/products/weighted-sleep-blanket", await RedirectOf(shopper, "/product/Weighted-Sleep-Blanket"));
        Assert.Equal("/shop/category/heat-packs", await RedirectOf(shopper, "/product-category/heat-therapy/heat-packs/"));
        Assert.Equal("/shop/category/minerals?p=2", await RedirectOf(shopper, "/product-category/supplements/minerals/page/2/"));
        Assert.Equal("404", await RedirectOf(shopper, "/product/folding-reacher-75-cm/"));
        Assert.Equal("404", await RedirectOf(shopper, "/product/never-sold-here/"));

        // Applying the same export again changes nothing: no product, option or stock row.
        var again = await ApplyAsync(client, await CheckAsync(client, Export(), zip), zip);
        Assert.Contains("Products created: 0. Products updated: 0. Products already up to date: 5. Options created: 0. Options updated: 0. Categories created: 0. Pictures stored: 0. Stock changes: 0. Old addresses kept: 0.", again, StringComparison.Ordinal);
        Assert.Single(await MovementsAsync("CC-HEAT-LAV"));

        // At switch-over the export has a new price and a new count: only that changes, the count again through the ledger.
        var changed = Export()
            .Replace(",1,14,3,0,0,0.9,", ",1,9,3,0,0,0.9,", StringComparison.Ordinal).Replace(",99.00,,,,,,,id:418,", ",95.00,,,,,,,id:418,", StringComparison.Ordinal);
        var final = await ApplyAsync(client, await CheckAsync(client, changed, null), null);
        Assert.Contains("Products created: 0. Products updated: 1. Products already up to date: 4. Options created: 0. Options updated: 1.", final, StringComparison.Ordinal);
        Assert.Contains("Stock changes: 1.", final, StringComparison.Ordinal);
        Assert.Equal([14, -5], (await MovementsAsync("CC-HEAT-LAV")).Select(m => m.OnHandDelta));
        Assert.Equal(95.00m, (await FindAsync("weighted-sleep-blanket"))!.Variants.Single(v => v.Sku == "CC-BLANKET-D-SAGE").Price);
        Assert.Single((await FindAsync("lavender-wheat-heat-pack"))!.Images);
    }

    [Fact]
    public async Task Rows_that_cannot_be_imported_are_reported_by_row_and_column_and_nothing_changes_until_the_valid_rows_are_applied()
    {
        using var client = (await store.SignInNewUserAsync(StaffRoles.Merchandiser)).Client;
        const string header = "ID,Type,SKU,Name,Published,\"Short description\",Description,\"In stock?\",Stock,\"Backorders allowed?\",\"Weight (kg)\",\"Sale price\",\"Regular price\",Categories,Tags,Images,Parent,\"Attribute 1 name\",\"Attribute 1 value(s)\"";
        var csv = header + "\n"
            + "501,simple,ODD-1,\"Odd Rows Cushion\",1,\"A cushion.\",,1,3,0,0.5,,twelve,,,,,,\n"
            + "502,variation,ODD-2,\"Orphan - Large\",1,,,1,2,0,,,10.00,,,,id:999,Size,Large\n"
            + "503,simple,ODD-3,\"Odd Rows Footrest\",1,\"A footrest.\",,1,4,0,1.2,30.00,25.00,\"Mobility aids\",,,,,\n"
            + "504,simple,ODD-4,\"Odd Rows Pillow\",1,\"A pillow, soft.\",,1,6,0,0.4,,18.00,Cushions,\"soft\\, firm\",,,,\n";

        var reportHtml = await CheckAsync(client, csv, null);
        var report = WebUtility.HtmlDecode(reportHtml);

        Assert.Contains("3 problems in 3 of 4 rows. Nothing has been changed.", report, StringComparison.Ordinal);
        Assert.Contains("\"twelve\" is not a price; WooCommerce writes prices like 12.50.", report, StringComparison.Ordinal);
        Assert.Contains("Its product (id:999) is not in the file.", report, StringComparison.Ordinal);
        Assert.Contains("<tr><td>4</td><td>Sale price</td><td>The sale price must be lower than the regular price.</td></tr>", report, StringComparison.Ordinal);
        Assert.Null(await FindAsync("odd-rows-pillow"));

        var applied = await ApplyAsync(client, reportHtml, null, validOnly: true);

        Assert.Contains("Products created: 1.", applied, StringComparison.Ordinal);
        Assert.Contains("Rows skipped because of problems: 3.", applied, StringComparison.Ordinal);
        var pillow = await FindAsync("odd-rows-pillow");
        Assert.NotNull(pillow);
        Assert.Equal("A pillow, soft.", pillow.Summary);
        Assert.Equal(["soft, firm"], pillow.Tags);
        Assert.Null(await FindAsync("odd-rows-footrest"));
    }

    [Fact]
    public async Task Applying_a_file_with_problems_without_choosing_the_valid_rows_is_refused_with_400_and_changes_nothing()
    {
        using var client = (await store.SignInNewUserAsync(StaffRoles.Merchandiser)).Client;
        var sku = "HELD-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        const string header = "ID,Type,SKU,Name,Published,\"Short description\",Description,\"In stock?\",Stock,\"Backorders allowed?\",\"Weight (kg)\",\"Sale price\",\"Regular price\",Categories,Tags,Images,Parent,\"Attribute 1 name\",\"Attribute 1 value(s)\"";
        var csv = header + "\n"
            + $"601,simple,{sku}-1,\"Held Back Bolster\",1,\"A bolster.\",,1,3,0,0.5,,ten,,,,,,\n"
            + $"602,simple,{sku}-2,\"Held Back Wrap\",1,\"A wrap.\",,1,5,0,0.3,,16.00,,,,,,\n";
        var reportHtml = await CheckAsync(client, csv, null);

        var refused = await ApplyAsync(client, reportHtml, null, validOnly: false, HttpStatusCode.BadRequest);

        Assert.Contains("The file has problems, so nothing has been changed. Fix them and check the file again, or apply the valid rows only.", refused, StringComparison.Ordinal);
        Assert.Contains("1 problem in 1 of 2 rows. Nothing has been changed.", refused, StringComparison.Ordinal);
        Assert.Null(await FindAsync("held-back-wrap"));
    }

    [Fact]
    public async Task A_file_that_is_not_a_WooCommerce_export_or_a_zip_that_is_not_a_zip_answers_with_a_message_not_an_error()
    {
        using var client = (await store.SignInNewUserAsync(StaffRoles.Merchandiser)).Client;

        var wrongColumns = WebUtility.HtmlDecode(await CheckAsync(client, "product_slug,product_name\nx,y\n", null));
        Assert.Contains("The first row must be the column names of WooCommerce's product export", wrongColumns, StringComparison.Ordinal);
        var oneLine = WebUtility.HtmlDecode(await CheckAsync(client, "\u0089PNG\r\n" + new string('x', 50), null));
        Assert.Contains("1 problem with the file. Nothing has been changed.", oneLine, StringComparison.Ordinal);

        var notZip = WebUtility.HtmlDecode(await CheckAsync(client, Export(), Encoding.UTF8.GetBytes("this is not a zip"), HttpStatusCode.BadRequest));
        Assert.Contains("The uploads file is not a zip archive", notZip, StringComparison.Ordinal);
        Assert.DoesNotContain("will be imported", notZip, StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("name=\"csvText\" value=\"([^\"]*)\"")]
    private static partial Regex CarriedFile();
}
