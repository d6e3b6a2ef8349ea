using System.Xml.Linq;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using SkiaSharp;

namespace FibroStore.Web.Tests;

/// <summary>What search engines, feed readers and chat previews read: sitemap, canonical links, Open Graph, JSON-LD, share images.</summary>
public sealed class SeoTests(DemoStore store) : IClassFixture<DemoStore>
{
    private const string Base = PublicStore.PublicUrl;

    [Fact]
    public async Task The_sitemap_lists_products_on_sale_the_shop_its_categories_and_the_information_pages_on_the_public_address()
    {
        var onSale = await store.AddSellableProductAsync("Sitemap Heat Pad", 19m, 5);
        var withdrawn = await store.AddSellableProductAsync("Sitemap Withdrawn Pad", 19m, 5);
        await store.SqlAsync("UPDATE catalog.products SET status = 'Archived' WHERE id = @id", ("id", withdrawn.ProductId));
        using var client = store.CreateClient();

        var xml = XDocument.Parse(await client.GetStringAsync("/sitemap.xml"));
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var locations = xml.Descendants(ns + "loc").Select(l => l.Value).ToList();

        Assert.All(locations, l => Assert.StartsWith(Base + "/", l, StringComparison.Ordinal));
        Assert.Contains($"{Base}/shop", locations);
        Assert.Contains($"{Base}/products/{onSale.Slug}", locations);
        Assert.Contains($"{Base}/products/weighted-blanket", locations);
        Assert.DoesNotContain($"{Base}/products/{withdrawn.Slug}", locations);
        Assert.Contains($"{Base}/shop/category/heat-and-cold", locations);
        Assert.Contains($"{Base}/shop/category/heat-packs", locations);
        foreach (var page in new[] { "privacy", "terms", "shipping", "returns" })
            Assert.Contains($"{Base}/{page}", locations);
        Assert.Contains($"{Base}/articles/living-with-fibro-fog", locations);
        Assert.Equal(locations.Count, locations.Distinct().Count());
        var product = xml.Descendants(ns + "url").Single(u => u.Element(ns + "loc")!.Value == $"{Base}/products/{onSale.Slug}");
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", product.Element(ns + "lastmod")!.Value);
    }

    [Fact]
    public async Task Shop_pages_and_categories_name_themselves_canonical_without_sorting_or_filters()
    {
        // More than one page of products (24 a page).
        for (var i = 0; i < 25; i++) await store.AddSellableProductAsync($"Paging Cushion {i:00}", 10m + i, 3);
        using var client = store.CreateClient();

        var shop = await PublicStore.PageAsync(client, "/shop");
        Assert.Equal($"{Base}/shop", PublicStore.Canonical(shop));
        Assert.Equal($"{Base}/shop", PublicStore.Meta(shop, "og:url"));
        Assert.Equal("FibroStore", PublicStore.Meta(shop, "og:site_name"));
        Assert.Equal($"{Base}/shop?p=2", PublicStore.Canonical(await PublicStore.PageAsync(client, "/shop?p=2&sort=price-asc&instock=true")));
        Assert.Equal($"{Base}/shop/category/heat-and-cold", PublicStore.Canonical(await PublicStore.PageAsync(client, "/shop/category/heat-and-cold?sort=name")));
    }

    [Fact]
    public async Task The_second_page_of_articles_is_page_two_and_canonical_to_itself()
    {
        using var client = store.CreateClient();

        var second = await PublicStore.PageAsync(client, "/articles?p=2");
        var first = await PublicStore.PageAsync(client, "/articles");

        Assert.Equal($"{Base}/articles?p=2", PublicStore.Canonical(second));
        Assert.Equal($"{Base}/articles", PublicStore.Canonical(first));
        var titles = (IDocument page) => page.QuerySelectorAll(".article-card h2").Select(h => h.TextContent.Trim()).ToList();
        Assert.NotEmpty(titles(second));
        Assert.Empty(titles(first).Intersect(titles(second)));
        Assert.Equal("/articles?p=2", first.QuerySelector("a[rel=next]")?.GetAttribute("href"));
        // Links from before the lists used "p" still open the page they named.
        Assert.Equal($"{Base}/articles?p=2", PublicStore.Canonical(await PublicStore.PageAsync(client, "/articles?page=2")));
    }

    [Fact]
    public async Task The_home_page_tells_link_previews_its_address_name_and_picture()
    {
        using var client = store.CreateClient();
        var home = await PublicStore.PageAsync(client, "/");

        Assert.Equal($"{Base}/", PublicStore.Canonical(home));
        Assert.Equal($"{Base}/", PublicStore.Meta(home, "og:url"));
        Assert.Equal("FibroStore", PublicStore.Meta(home, "og:site_name"));
        Assert.Equal("summary_large_image", PublicStore.Meta(home, "twitter:card"));
        Assert.False(string.IsNullOrEmpty(PublicStore.Meta(home, "twitter:title")));
        Assert.False(string.IsNullOrEmpty(PublicStore.Meta(home, "twitter:description")));
        var image = PublicStore.Meta(home, "og:image")!;
        Assert.StartsWith($"{Base}/media/", image, StringComparison.Ordinal);
        Assert.Equal(image, PublicStore.Meta(home, "twitter:image"));
        await AssertSharePictureAsync(client, image);
    }

    [Fact]
    public async Task An_article_without_a_picture_shares_one_drawn_by_the_store_once_and_reused()
    {
        var slug = await store.PublishArticleAsync("Pacing on a good day, a checklist", "Why a good day is the day to pace.", "Plan the rest first.");
        var stored = await CountSharePicturesAsync();
        using var reader = store.CreateClient();
        var page = await PublicStore.PageAsync(reader, $"/articles/{slug}");

        var image = PublicStore.Meta(page, "og:image")!;
        Assert.StartsWith($"{Base}/media/share/", image, StringComparison.Ordinal);
        Assert.Equal(image, PublicStore.Meta(page, "twitter:image"));
        Assert.Equal("summary_large_image", PublicStore.Meta(page, "twitter:card"));
        var article = PublicStore.JsonLd(page).GetProperty("@graph")[0];
        Assert.Equal(image, article.GetProperty("image").GetString());
        await AssertSharePictureAsync(reader, image);

        // A signed-in reader is never served from the page cache: the page is drawn again and finds the stored picture.
        var (editor, _) = await store.SignInNewUserAsync();
        var again = new HtmlParser().ParseDocument(await editor.GetPageAsync($"/articles/{slug}"));
        Assert.Equal(image, PublicStore.Meta(again, "og:image"));
        Assert.Equal(stored + 1, await CountSharePicturesAsync());
    }

    [Fact]
    public async Task An_article_with_a_main_picture_shares_that_picture()
    {
        using var client = store.CreateClient();
        var slug = await store.PublishArticleAsync("Warmth before bed", "A warm bath helps some of us.", "Try it.");
        await store.SqlAsync("UPDATE editorial.articles SET image_url = '/media/editorial/images/bath-1280.jpg', image_alt = 'A bath' WHERE slug = @slug", ("slug", slug));

        var page = await PublicStore.PageAsync(client, $"/articles/{slug}");

        Assert.Equal($"{Base}/media/editorial/images/bath-1280.jpg", PublicStore.Meta(page, "og:image"));
        Assert.Equal($"{Base}/media/editorial/images/bath-1280.jpg", PublicStore.JsonLd(page).GetProperty("@graph")[0].GetProperty("image").GetString());
    }

    [Fact]
    public async Task A_product_page_carries_twitter_tags_brand_delivery_prices_and_the_returns_window()
    {
        var cheap = await store.AddSellableProductAsync("Brand Test Wrap", 24.50m, 5);
        var dear = await store.AddSellableProductAsync("Brand Test Blanket", 45m, 5);
        await store.SqlAsync("UPDATE catalog.products SET brand = 'Calm Cotton Co' WHERE id = @id", ("id", dear.ProductId));
        using var client = store.CreateClient();

        var page = await PublicStore.PageAsync(client, $"/products/{cheap.Slug}");
        Assert.Equal($"{Base}/products/{cheap.Slug}", PublicStore.Canonical(page));
        Assert.Equal("summary", PublicStore.Meta(page, "twitter:card"));
        Assert.Equal("Brand Test Wrap", PublicStore.Meta(page, "twitter:title"));
        Assert.False(string.IsNullOrEmpty(PublicStore.Meta(page, "twitter:description")));
        var product = PublicStore.JsonLd(page);
        Assert.Equal("FibroStore", product.GetProperty("brand").GetProperty("name").GetString());
        var offer = product.GetProperty("offers")[0];
        var rates = offer.GetProperty("shippingDetails").EnumerateArray()
            .ToDictionary(d => d.GetProperty("shippingLabel").GetString()!, d => d.GetProperty("shippingRate").GetProperty("value").GetString());
        Assert.Equal("3.95", rates["Standard delivery"]);
        Assert.Equal("7.95", rates["Express delivery"]);
        var destinations = offer.GetProperty("shippingDetails")[0].GetProperty("shippingDestination").EnumerateArray()
            .Select(d => d.GetProperty("addressCountry").GetString()).ToList();
        Assert.Contains("GB", destinations);
        var returns = offer.GetProperty("hasMerchantReturnPolicy");
        Assert.Equal(30, returns.GetProperty("merchantReturnDays").GetInt32());
        Assert.Equal("https://schema.org/MerchantReturnFiniteReturnWindow", returns.GetProperty("returnPolicyCategory").GetString());
        Assert.Equal($"{Base}/returns", returns.GetProperty("merchantReturnLink").GetString());

        var branded = PublicStore.JsonLd(await PublicStore.PageAsync(client, $"/products/{dear.Slug}"));
        Assert.Equal("Calm Cotton Co", branded.GetProperty("brand").GetProperty("name").GetString());
        // Standard delivery is free from 40 in the seeded options.
        var dearRates = branded.GetProperty("offers")[0].GetProperty("shippingDetails").EnumerateArray()
            .ToDictionary(d => d.GetProperty("shippingLabel").GetString()!, d => d.GetProperty("shippingRate").GetProperty("value").GetString());
        Assert.Equal("0.00", dearRates["Standard delivery"]);

        // A new returns window reaches the cached page (settings changes evict every page on every instance).
        await store.ChangeSettingsAsync(s => s with { ReturnsDays = 14 });
        var days = 0;
        for (var i = 0; i < 50 && days != 14; i++, await Task.Delay(100))
            days = PublicStore.JsonLd(await PublicStore.PageAsync(client, $"/products/{cheap.Slug}"))
                .GetProperty("offers")[0].GetProperty("hasMerchantReturnPolicy").GetProperty("merchantReturnDays").GetInt32();
        Assert.Equal(14, days);
        await store.ChangeSettingsAsync(s => s with { ReturnsDays = 30 });
    }

    [Fact]
    public async Task A_product_with_pictures_shares_its_first_picture_on_the_public_address()
    {
        using var client = store.CreateClient();
        var page = await PublicStore.PageAsync(client, "/products/weighted-blanket");

        Assert.Equal("summary_large_image", PublicStore.Meta(page, "twitter:card"));
        var image = PublicStore.Meta(page, "og:image")!;
        Assert.StartsWith($"{Base}/media/", image, StringComparison.Ordinal);
        Assert.Equal(image, PublicStore.Meta(page, "twitter:image"));
        Assert.Equal(image, PublicStore.JsonLd(page).GetProperty("image")[0].GetString());
    }

    [Fact]
    public async Task The_feed_dates_its_items_in_rfc_822_with_a_numeric_zone_names_itself_and_cuts_descriptions_between_words()
    {
        // An imported excerpt can be 400 characters cut anywhere.
        var words = string.Join(' ', Enumerable.Range(0, 80).Select(i => $"gentle{i}"));
        await store.PublishArticleAsync("A long excerpt for the feed", words[..400], "Body.");
        using var client = store.CreateClient();

        var feed = XDocument.Parse(await client.GetStringAsync("/feed.xml"));
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var self = feed.Descendants(atom + "link").Single(l => (string?)l.Attribute("rel") == "self");
        Assert.Equal($"{Base}/feed.xml", (string?)self.Attribute("href"));
        Assert.All(feed.Descendants("pubDate").Select(d => d.Value),
            date => Assert.Matches(@"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$", date));
        var description = feed.Descendants("item").Single(i => i.Element("title")!.Value == "A long excerpt for the feed").Element("description")!.Value;
        Assert.EndsWith("…", description, StringComparison.Ordinal);
        var kept = description[..^1];
        Assert.StartsWith(kept + " ", words, StringComparison.Ordinal);
        Assert.True(description.Length <= 300, $"{description.Length} characters");

        var category = XDocument.Parse(await client.GetStringAsync("/articles/category/general/feed.xml"));
        Assert.Equal($"{Base}/articles/category/general/feed.xml",
            (string?)category.Descendants(atom + "link").Single(l => (string?)l.Attribute("rel") == "self").Attribute("href"));
    }

    private static async Task AssertSharePictureAsync(HttpClient client, string absoluteUrl)
    {
        var response = await client.GetAsync(new Uri(absoluteUrl).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        using var bitmap = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.NotNull(bitmap);
        Assert.Equal((1200, 630), (bitmap.Width, bitmap.Height));
    }

    private async Task<long> CountSharePicturesAsync() =>
        (long)(await store.SqlAsync("SELECT count(*) FROM files.stored_files WHERE path LIKE 'share/%'"))!;
}
