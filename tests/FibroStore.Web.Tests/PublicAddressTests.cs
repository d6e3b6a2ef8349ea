using AngleSharp.Html.Parser;

namespace FibroStore.Web.Tests;

/// <summary>
/// Absolute links in pages come from Store:PublicUrl. A request's Host header is the visitor's to choose, and a cached
/// page is shared: a forged host must never appear in a canonical link, Open Graph tag or structured data.
/// </summary>
public sealed class PublicAddressTests(DemoStore store) : IClassFixture<DemoStore>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/articles")]
    [InlineData("/articles?p=2")]
    [InlineData("/articles/category/everyday-life")]
    [InlineData("/articles/tag/sleep")]
    [InlineData("/articles/living-with-fibro-fog")]
    [InlineData("/shop")]
    [InlineData("/shop/category/heat-and-cold")]
    [InlineData("/products/weighted-blanket")]
    public async Task A_forged_host_header_never_reaches_a_page(string path)
    {
        using var forged = store.CreateClient(new() { BaseAddress = new Uri("http://evil.example") });

        var html = await forged.GetStringAsync(path);

        Assert.DoesNotContain("evil.example", html, StringComparison.OrdinalIgnoreCase);
        var page = new HtmlParser().ParseDocument(html);
        Assert.StartsWith(PublicStore.PublicUrl + "/", PublicStore.Canonical(page), StringComparison.Ordinal);
        foreach (var url in page.QuerySelectorAll("meta[property='og:url'], meta[property='og:image'], meta[name='twitter:image']"))
            Assert.StartsWith(PublicStore.PublicUrl + "/", url.GetAttribute("content"), StringComparison.Ordinal);
    }
}
