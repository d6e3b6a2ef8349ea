using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace FibroStore.Web.Tests;

/// <summary>The store on a public address of its own (not the address tests reach it on), and helpers to read pages' head.</summary>
public class PublicStore : StoreFactory
{
    public const string PublicUrl = "https://shop.example.org";

    public PublicStore() => With("Store:PublicUrl", PublicUrl);

    public static async Task<IDocument> PageAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {BrowserClient.Shorten(html)}");
        return new HtmlParser().ParseDocument(html);
    }

    public static string? Meta(IDocument page, string key) =>
        page.QuerySelector($"meta[property='{key}'], meta[name='{key}']")?.GetAttribute("content");

    public static string? Canonical(IDocument page) => page.QuerySelector("link[rel=canonical]")?.GetAttribute("href");

    public static JsonElement JsonLd(IDocument page) =>
        JsonDocument.Parse(page.QuerySelector("script[type='application/ld+json']")!.TextContent).RootElement;
}

/// <summary>The public store with the demo articles, replies and products.</summary>
public sealed class DemoStore : PublicStore
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedDemoContentAsync();
    }
}
