using System.Globalization;
using AngleSharp.Html.Parser;

namespace FibroStore.Catalog.Tests;

public sealed class ProductSlugRedirectTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private async Task<HttpResponseMessage> RenameAsync(BrowserClient client, Guid id, string name, string slug)
    {
        var version = await store.InScopeAsync(sp => sp.GetRequiredService<CatalogDbContext>().Products.Where(p => p.Id == id).Select(p => p.Version).SingleAsync());
        var url = $"/staff/catalog/products/{id}";
        return await client.PostFormAsync(url, new Dictionary<string, string>
        {
            ["Product.Name"] = name, ["Product.Slug"] = slug, ["Product.Summary"] = "Warm and heavy.", ["Status"] = "Active",
            ["Version"] = version.ToString(CultureInfo.InvariantCulture),
        }, url + "?handler=Save");
    }

    /// <summary>Follows redirects the way a browser would, at most <paramref name="hops"/> of them; the last answer and where it was.</summary>
    private static async Task<(HttpStatusCode Status, string Path, int Hops)> FollowAsync(BrowserClient visitor, string path, int hops = 5)
    {
        for (var hop = 0; ; hop++)
        {
            var response = await visitor.GetAsync(path);
            if (response.StatusCode != HttpStatusCode.MovedPermanently || hop == hops) return (response.StatusCode, path, hop);
            path = response.Headers.Location!.OriginalString;
        }
    }

    [Fact]
    public async Task Renaming_a_products_slug_leaves_a_301_from_its_old_page_and_renaming_back_leaves_no_loop()
    {
        var name = "Lavender neck wrap " + Guid.NewGuid().ToString("N")[..6];
        var product = await store.AddProductAsync(name);
        var (merchandiser, _) = await store.SignInNewUserAsync(StaffRoles.Merchandiser);
        using var _ = merchandiser;
        using var visitor = store.CreateBrowserClient();
        var first = product.Slug;
        var second = first + "-large";
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/products/{first}")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await RenameAsync(merchandiser, product.Id, name, second)).StatusCode);
        // The cached old page is evicted through the cluster signal, a moment after the save.
        await store.WaitUntilAsync(async () => (await visitor.GetAsync($"/products/{first}")).StatusCode != HttpStatusCode.OK, "the old page's cached copy evicted");

        var moved = await visitor.GetAsync($"/products/{first}");
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Equal($"/products/{second}", moved.Headers.Location?.OriginalString);
        Assert.Equal((HttpStatusCode.OK, $"/products/{second}", 1), await FollowAsync(visitor, $"/products/{first}/"));

        Assert.Equal(HttpStatusCode.Redirect, (await RenameAsync(merchandiser, product.Id, name, first)).StatusCode);
        await store.WaitUntilAsync(async () => (await visitor.GetAsync($"/products/{second}")).StatusCode != HttpStatusCode.OK, "the second page's cached copy evicted");

        Assert.Equal((HttpStatusCode.OK, $"/products/{first}", 0), await FollowAsync(visitor, $"/products/{first}"));
        Assert.Equal((HttpStatusCode.OK, $"/products/{first}", 1), await FollowAsync(visitor, $"/products/{second}"));
    }

    [Fact]
    public async Task The_redirects_manager_lists_a_product_redirect_with_its_hits_and_can_remove_it()
    {
        var name = "Wheat bag " + Guid.NewGuid().ToString("N")[..6];
        var product = await store.AddProductAsync(name);
        var (admin, _) = await store.SignInNewUserAsync(StaffRoles.Admin);
        using var _ = admin;
        using var visitor = store.CreateBrowserClient();
        var renamed = product.Slug + "-cosy";
        Assert.Equal(HttpStatusCode.Redirect, (await RenameAsync(admin, product.Id, name, renamed)).StatusCode);
        Assert.Equal(HttpStatusCode.MovedPermanently, (await visitor.GetAsync($"/products/{product.Slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.MovedPermanently, (await visitor.GetAsync($"/products/{product.Slug}")).StatusCode);

        var page = new HtmlParser().ParseDocument(await admin.GetPageAsync("/staff/redirects?q=" + Uri.EscapeDataString(product.Slug)));
        var cells = page.QuerySelectorAll("tbody tr").Single(tr => tr.QuerySelector("td code")?.TextContent == $"/products/{product.Slug}")
            .QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal([$"/products/{renamed}", "Product address changed", "2"], cells.Skip(1).Take(3));

        var removed = await admin.PostFormAsync("/staff/redirects", new Dictionary<string, string> { ["fromPath"] = $"/products/{product.Slug}", ["shop"] = "true" },
            "/staff/redirects?handler=Remove");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/products/{product.Slug}")).StatusCode);
    }
}
