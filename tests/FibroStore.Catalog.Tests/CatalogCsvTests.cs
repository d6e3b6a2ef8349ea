using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using FibroStore.SharedKernel.Data;
using static FibroStore.Catalog.Tests.CatalogTestData;

namespace FibroStore.Catalog.Tests;

public sealed partial class CatalogCsvTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private const string Url = "/staff/catalog/csv";
    private const string Header = "product_slug,product_name,status,categories,tags,summary,seo_title,seo_description,featured,sku,option_name,price,compare_at_price,weight_grams,track_stock,allow_backorder,low_stock_threshold,on_hand";

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    private static string Row(string slug, string sku, string price = "12.50", string name = "Imported wrap", string status = "active", string categories = "",
        string compareAt = "", string onHand = "") =>
        $"{slug},{name},{status},{categories},warm|calm,\"A wrap, warm and calm.\",,,false,{sku},Standard,{price},{compareAt},250,true,false,3,{onHand}";

    private static string File(params string[] rows) => Header + "\r\n" + string.Join("\r\n", rows) + "\r\n";

    private async Task<BrowserClient> MerchandiserAsync() => (await store.SignInNewUserAsync(StaffRoles.Merchandiser)).Client;

    private static async Task<HttpResponseMessage> UploadAsync(BrowserClient client, string content, string fileName = "catalog.csv") =>
        await UploadAsync(client, Encoding.UTF8.GetBytes(content), fileName);

    private static async Task<HttpResponseMessage> UploadAsync(BrowserClient client, byte[] bytes, string fileName)
    {
        var page = await client.GetPageAsync(Url);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        form.Add(new StringContent(Token(page)), "__RequestVerificationToken");
        return await client.Http.PostAsync(Url + "?handler=Check", form);
    }

    /// <summary>Presses the report's apply button: posts back the file the report carries.</summary>
    private static async Task<string> ApplyAsync(BrowserClient client, string reportHtml, bool validOnly = false)
    {
        var text = WebUtility.HtmlDecode(CarriedFile().Match(reportHtml).Groups[1].Value);
        Assert.NotEmpty(text);
        var fields = new Dictionary<string, string> { ["csvText"] = text };
        if (validOnly) fields["validOnly"] = "true";
        var response = await client.PostRawAsync(Url + "?handler=Apply", fields, Token(reportHtml));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, BrowserClient.Shorten(html));
        return html;
    }

    private static async Task<string> CheckAsync(BrowserClient client, string content)
    {
        var response = await UploadAsync(client, content);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, BrowserClient.Shorten(html));
        return html;
    }

    private static string Token(string html) => WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);

    private Task<int> AuditCountAsync() => store.InScopeAsync(sp => sp.GetRequiredService<CatalogDbContext>().Set<OutboxMessage>()
        .CountAsync(m => m.Type.Contains("StaffActionAudited")));

    private Task<Product?> FindAsync(string slug) => store.InScopeAsync(sp => sp.GetRequiredService<CatalogDbContext>().Products.AsNoTracking()
        .Include(p => p.Variants).Include(p => p.Categories).SingleOrDefaultAsync(p => p.Slug == slug));

    [Fact]
    public async Task Export_has_one_row_per_option_with_its_product_fields_and_on_hand()
    {
        var product = await store.AddProductAsync("Exported blanket", new VariantSpec("Small", 20m, 4), new VariantSpec("Large", 30m, 0, CompareAt: 35m));
        using var client = await MerchandiserAsync();

        var response = await client.GetAsync(Url + "?handler=Export");
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(Header, csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains($"{product.Slug},Exported blanket,active,,,A summary of Exported blanket.,,,false,{product.Variants[0].Sku},Small,20.00,,0,true,false,3,4", csv, StringComparison.Ordinal);
        Assert.Contains($"{product.Variants[1].Sku},Large,30.00,35.00,0,true,false,3,0", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_file_is_checked_then_applied_creating_products_and_options_each_audited()
    {
        var category = "heat-" + Unique()[..6];
        await store.AddCategoryAsync(category, "Heat");
        var slug = "imported-wrap-" + Unique();
        var sku = "IMP-" + Unique().ToUpperInvariant();
        using var client = await MerchandiserAsync();
        var audits = await AuditCountAsync();

        var report = await CheckAsync(client, File(Row(slug, sku, categories: category), Row(slug, sku + "-L", price: "14.00", categories: category)));

        Assert.Contains("All 2 rows are valid. Nothing has been changed yet.", report, StringComparison.Ordinal);
        Assert.Null(await FindAsync(slug));
        var applied = await ApplyAsync(client, report);
        Assert.Contains("Products created: 1. Products updated: 0. Options created: 2.", applied, StringComparison.Ordinal);
        var product = await FindAsync(slug);
        Assert.NotNull(product);
        Assert.Equal(ProductStatus.Active, product.Status);
        Assert.Equal(["warm", "calm"], product.Tags);
        Assert.Equal(12.50m, product.MinPrice);
        Assert.Equal([category], product.Categories.Select(c => c.Slug));
        Assert.Equal(2, product.Variants.Count);
        Assert.Equal(audits + 3, await AuditCountAsync());
        using var shopper = store.CreateBrowserClient();
        Assert.Contains("Imported wrap", await shopper.GetPageAsync($"/products/{slug}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Importing_the_same_file_again_changes_nothing_and_audits_nothing()
    {
        var slug = "twice-" + Unique();
        var sku = "TW-" + Unique().ToUpperInvariant();
        var file = File(Row(slug, sku, name: "=Twice imported"));
        using var client = await MerchandiserAsync();
        await ApplyAsync(client, await CheckAsync(client, file));
        var first = await FindAsync(slug);
        var audits = await AuditCountAsync();

        var again = await ApplyAsync(client, await CheckAsync(client, file));

        Assert.Contains("Products created: 0. Products updated: 0. Options created: 0. Options updated: 0. Rows already up to date: 1.", again, StringComparison.Ordinal);
        var second = await FindAsync(slug);
        Assert.Equal(first!.UpdatedAt, second!.UpdatedAt);
        Assert.Equal(first.Version, second.Version);
        Assert.Equal(audits, await AuditCountAsync());
    }

    [Fact]
    public async Task An_export_imported_back_unchanged_changes_nothing()
    {
        await store.AddProductAsync("=SUM(A1) looking name", new VariantSpec("Small", 20m, 4), new VariantSpec("-Large", 30m, 1, CompareAt: 35m));
        using var client = await MerchandiserAsync();
        var export = await (await client.GetAsync(Url + "?handler=Export")).Content.ReadAsStringAsync();
        Assert.Contains("'=SUM(A1) looking name", export, StringComparison.Ordinal);
        var audits = await AuditCountAsync();

        var applied = await ApplyAsync(client, await CheckAsync(client, export));

        Assert.Contains("Products created: 0. Products updated: 0. Options created: 0. Options updated: 0.", applied, StringComparison.Ordinal);
        Assert.Equal(audits, await AuditCountAsync());
    }

    [Fact]
    public async Task Every_bad_row_is_reported_with_its_row_and_column_and_nothing_is_applied()
    {
        var taken = await store.AddProductAsync("Already here", new VariantSpec("Standard", 5m, 1));
        var ok = "fine-" + Unique();
        var sku = "BAD-" + Unique().ToUpperInvariant();
        var file = File(
            Row(ok, sku),                                                  // row 2: valid
            Row("bad-price-" + Unique(), sku + "-P", price: "12.5.0"),     // row 3
            Row("negative-" + Unique(), sku + "-N", price: "-4.00"),       // row 4
            Row("twin-" + Unique(), sku),                                  // row 5: SKU repeats row 2
            Row("clash-" + Unique(), taken.Variants[0].Sku),               // row 6: SKU of another product
            Row("lost-" + Unique(), sku + "-C", categories: "no-such-category"), // row 7
            Row("nameless-" + Unique(), sku + "-M", name: ""),             // row 8
            Row("cheap-" + Unique(), sku + "-X", price: "10.00", compareAt: "9.00")); // row 9
        using var client = await MerchandiserAsync();
        var before = await store.InScopeAsync(sp => sp.GetRequiredService<CatalogDbContext>().Products.CountAsync());

        var report = await CheckAsync(client, file);

        Assert.Contains("7 problems in 7 of 8 rows. Nothing has been changed.", report, StringComparison.Ordinal);
        Assert.Matches(@"<td>3</td><td>price</td><td>[^<]*is not an amount", report);
        Assert.Matches(@"<td>4</td><td>price</td><td>The amount cannot be negative", report);
        Assert.Matches(@"<td>5</td><td>sku</td><td>The SKU [^<]* is also on row 2", report);
        Assert.Matches(@"<td>6</td><td>sku</td><td>The SKU [^<]* already belongs to the product", report);
        Assert.Matches(@"<td>7</td><td>categories</td><td>There is no category", report);
        Assert.Matches(@"<td>8</td><td>product_name</td><td>The product name is missing", report);
        Assert.Matches(@"<td>9</td><td>compare_at_price</td><td>The compare-at price must be higher", report);
        Assert.Contains("Apply the valid rows only (1 of 8)", report, StringComparison.Ordinal);

        // Posting the apply form without choosing "valid rows only" applies nothing.
        var fields = new Dictionary<string, string> { ["csvText"] = file };
        var refused = await client.PostRawAsync(Url + "?handler=Apply", fields, Token(report));
        Assert.Contains("Nothing has been changed.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await FindAsync(ok));
        Assert.Equal(before, await store.InScopeAsync(sp => sp.GetRequiredService<CatalogDbContext>().Products.CountAsync()));
    }

    [Fact]
    public async Task Staff_may_choose_to_apply_only_the_valid_rows()
    {
        var good = "good-" + Unique();
        var bad = "bad-" + Unique();
        using var client = await MerchandiserAsync();
        var report = await CheckAsync(client, File(Row(good, "G-" + Unique()), Row(bad, "B-" + Unique(), price: "free")));

        var applied = await ApplyAsync(client, report, validOnly: true);

        Assert.Contains("Products created: 1.", applied, StringComparison.Ordinal);
        Assert.Contains("Rows skipped because of problems: 1.", applied, StringComparison.Ordinal);
        Assert.NotNull(await FindAsync(good));
        Assert.Null(await FindAsync(bad));
    }

    [Fact]
    public async Task A_file_whose_sku_was_taken_after_the_check_is_refused_with_400_and_checked_again()
    {
        var slug = "late-" + Unique();
        var sku = "LATE-" + Unique().ToUpperInvariant();
        var untouched = "untouched-" + Unique();
        using var client = await MerchandiserAsync();
        var report = await CheckAsync(client, File(Row(slug, sku), Row(untouched, "UT-" + Unique().ToUpperInvariant())));
        Assert.Contains("All 2 rows are valid.", report, StringComparison.Ordinal);
        // Between the check and the apply, another product takes the SKU.
        var other = "first-" + Unique();
        await ApplyAsync(client, await CheckAsync(client, File(Row(other, sku))));

        var fields = new Dictionary<string, string> { ["csvText"] = WebUtility.HtmlDecode(CarriedFile().Match(report).Groups[1].Value) };
        var refused = await client.PostRawAsync(Url + "?handler=Apply", fields, Token(report));
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("The file has problems, so nothing has been changed. Fix them and check the file again, or apply the valid rows only.", html, StringComparison.Ordinal);
        Assert.Contains($"The SKU {sku} already belongs to the product \"{other}\".", html, StringComparison.Ordinal);
        Assert.Null(await FindAsync(slug));
        Assert.Null(await FindAsync(untouched));
    }

    [Theory]
    [InlineData("name,price\r\nWrap,12\r\n", "header", "Missing: product_slug")]
    [InlineData(Header + "\r\nwrap,\"Wrap,active\r\n", "file", "not valid CSV")]
    [InlineData(Header + "\r\nwrap,Wrap,active\r\n", "row", "This row has 3 cells")]
    public async Task Wrong_header_or_malformed_csv_is_reported_not_crashed(string content, string column, string message)
    {
        using var client = await MerchandiserAsync();

        var report = await CheckAsync(client, content);

        Assert.Matches($"<td>[0-9]+</td><td>{column}</td><td>[^<]*{Regex.Escape(message)}", report);
        Assert.DoesNotContain("Apply", report.Split("report-heading")[1].Split("export-heading")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_and_non_csv_uploads_are_refused_with_400_and_a_clear_message()
    {
        using var client = await MerchandiserAsync();

        var huge = await UploadAsync(client, Header + "\r\n" + new string('x', 2 * 1024 * 1024 + 10));
        var picture = await UploadAsync(client, [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0], "photo.png");
        var binary = await UploadAsync(client, [0x50, 0x4B, 0x03, 0x04, 0, 0, 0xFF, 0xFE], "sheet.csv");

        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Contains("larger than 2 MB", await huge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, picture.StatusCode);
        Assert.Contains("Choose a .csv file", await picture.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, binary.StatusCode);
        Assert.Contains("not a CSV text file", await binary.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_import_updates_prices_never_stock_and_refreshes_the_cached_product_page()
    {
        var product = await store.AddProductAsync("Repriced cushion", new VariantSpec("Standard", 30m, 4));
        using var shopper = store.CreateBrowserClient();
        var url = $"/products/{product.Slug}";
        Assert.Contains("$30.00", await shopper.GetPageAsync(url), StringComparison.Ordinal);
        using var client = await MerchandiserAsync();

        var applied = await ApplyAsync(client, await CheckAsync(client,
            File(Row(product.Slug, product.Variants[0].Sku, price: "24.00", name: "Repriced cushion", onHand: "999"))));

        Assert.Contains("Products updated: 1. Options created: 0. Options updated: 1.", applied, StringComparison.Ordinal);
        var variant = await store.GetVariantAsync(product.Variants[0].Id);
        Assert.Equal(24.00m, variant.Price);
        Assert.Equal(4, variant.OnHand);
        Assert.Empty(await store.LedgerMismatchesAsync());
        // Eviction travels through PostgreSQL NOTIFY, so it lands a moment later.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string html;
        do
        {
            html = await shopper.GetPageAsync(url);
            if (html.Contains("$24.00", StringComparison.Ordinal)) break;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        Assert.Contains("$24.00", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editors_cannot_export_or_import_the_catalog()
    {
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        using var __ = editor;
        Assert.NotEqual(HttpStatusCode.OK, (await editor.GetAsync(Url + "?handler=Export")).StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("name=\"csvText\" value=\"([^\"]*)\"")]
    private static partial Regex CarriedFile();
}
