using System.Text;
using System.Text.RegularExpressions;

namespace FibroStore.Web.Tests;

/// <summary>
/// What a page makes the browser do besides showing it (issue 14, Lighthouse's total blocking time): the site icon is a
/// small PNG, because Chromium builds an SVG icon as a whole document on the page's main thread while the page loads;
/// stylesheets carry a content hash and are kept by browsers for a year, unversioned files for a day; the store's own
/// scripts are written into the page's head, so each runs before the first paint instead of as a task after it.
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
    public async Task Versioned_stylesheets_are_kept_for_a_year_and_other_files_for_a_day()
    {
        using var client = store.CreateBrowserClient();
        var html = await client.GetPageAsync("/");
        var assets = VersionedAsset().Matches(html).Select(m => m.Groups["url"].Value.Replace("&amp;", "&", StringComparison.Ordinal)).ToList();
        Assert.Contains(assets, a => a.StartsWith("/css/site.css?v=", StringComparison.Ordinal));

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

    [Fact]
    public async Task The_stores_scripts_are_in_the_page_head_and_the_policy_allows_exactly_them_by_hash()
    {
        var product = await store.AddSellableProductAsync("Inline script wheat bag", 20m, 3);
        var article = await store.PublishArticleAsync("Inline scripts and calm evenings", "A short one.", "Rest first.");
        using var client = store.CreateBrowserClient();
        foreach (var (path, count) in new[] { ("/", 2), ("/products/" + product.Slug, 2), ("/articles/" + article, 2), ("/cart", 1) })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            var scriptSources = Directive(policy, "script-src");

            Assert.DoesNotContain("<script src=", html, StringComparison.Ordinal);
            var scripts = InlineScript().Matches(html).ToList();
            Assert.Equal(count, scripts.Count);
            var head = html.IndexOf("</head>", StringComparison.Ordinal);
            foreach (var script in scripts)
            {
                Assert.True(script.Index < head, $"{path}: a script is outside the head");
                var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(script.Groups["source"].Value)));
                Assert.Contains($"'sha256-{hash}'", scriptSources);
            }
            Assert.Equal(["'self'"], scriptSources.Where(s => !s.StartsWith("'sha256-", StringComparison.Ordinal)));
        }
    }

    private static string[] Directive(string policy, string name) =>
        policy.Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith(name + " ", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();

    /// <summary>A script without a type (JSON-LD has one): the store's own code.</summary>
    [GeneratedRegex("<script>(?<source>[\\s\\S]*?)</script>")]
    private static partial Regex InlineScript();

    [GeneratedRegex("<link rel=\"(?:icon|shortcut icon)\"[^>]*>")]
    private static partial Regex IconLink();

    [GeneratedRegex("(?:href|src)=\"(?<url>/[^\"]+\\.(?:css|js)\\?v=[^\"]+)\"")]
    private static partial Regex VersionedAsset();
}
