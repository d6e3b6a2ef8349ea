using System.Text.RegularExpressions;

namespace FibroStore.Web.Tests;

/// <summary>
/// What a page makes the browser do besides showing it (issue 14, Lighthouse's total blocking time): the site icon is a
/// small PNG, because Chromium builds an SVG icon as a whole document on the page's main thread while the page loads;
/// stylesheets and scripts carry a content hash and are kept by browsers for a year; unversioned files for a day.
/// </summary>
public sealed partial class BrowserCostTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task Pages_link_a_png_icon_and_no_svg_one()
    {
        using var client = store.CreateBrowserClient();
        var html = await client.GetPageAsync("/");

        var icons = IconLink().Matches(html).Select(m => m.Value).ToList();
        Assert.Single(icons);
        Assert.Contains("href=\"/favicon.png\"", icons[0], StringComparison.Ordinal);
        var icon = await client.GetAsync("/favicon.png");
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/png", icon.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/apple-touch-icon.png")).StatusCode);
    }

    [Fact]
    public async Task Versioned_stylesheets_and_scripts_are_kept_for_a_year_and_other_files_for_a_day()
    {
        using var client = store.CreateBrowserClient();
        var html = await client.GetPageAsync("/");
        var assets = VersionedAsset().Matches(html).Select(m => m.Groups["url"].Value.Replace("&amp;", "&", StringComparison.Ordinal)).ToList();
        Assert.Contains(assets, a => a.StartsWith("/css/site.css?v=", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("/js/site.js?v=", StringComparison.Ordinal));

        foreach (var asset in assets)
        {
            var response = await client.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var cache = response.Headers.CacheControl;
            Assert.True(cache is { Public: true, MaxAge.TotalDays: >= 365 }, $"{asset}: {cache}");
            Assert.Contains("immutable", cache.Extensions.Select(e => e.Name));
        }
        var unversioned = (await client.GetAsync("/favicon.png")).Headers.CacheControl;
        Assert.Equal(TimeSpan.FromDays(1), unversioned?.MaxAge);
    }

    [GeneratedRegex("<link rel=\"(?:icon|shortcut icon)\"[^>]*>")]
    private static partial Regex IconLink();

    [GeneratedRegex("(?:href|src)=\"(?<url>/[^\"]+\\.(?:css|js)\\?v=[^\"]+)\"")]
    private static partial Regex VersionedAsset();
}
