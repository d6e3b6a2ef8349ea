using System.Text.Json;

namespace FibroStore.Editorial.Pages.Articles;

/// <summary>JSON-LD for an article page. The serializer escapes &lt; and &gt;, so the text cannot close the script element.</summary>
internal static class StructuredData
{
    public static string For(ArticleView article, string canonicalUrl, string storeName, string baseUrl, string imageUrl)
    {
        var graph = new object[]
        {
            new Dictionary<string, object?>
            {
                ["@type"] = "Article",
                ["headline"] = article.Title,
                ["description"] = article.SeoDescription ?? article.Excerpt,
                ["datePublished"] = article.PublishedAt?.ToString("O"),
                ["dateModified"] = article.UpdatedAt.ToString("O"),
                ["author"] = new Dictionary<string, object> { ["@type"] = "Person", ["name"] = article.AuthorName },
                ["publisher"] = new Dictionary<string, object> { ["@type"] = "Organization", ["name"] = storeName },
                ["mainEntityOfPage"] = canonicalUrl,
                ["image"] = imageUrl,
                ["articleSection"] = article.CategoryName,
            },
            new Dictionary<string, object>
            {
                ["@type"] = "BreadcrumbList",
                ["itemListElement"] = new object[]
                {
                    Crumb(1, "Home", baseUrl + "/"),
                    Crumb(2, "Articles", baseUrl + "/articles"),
                    Crumb(3, article.CategoryName, baseUrl + ArticleUrls.Category(article.CategorySlug)),
                    Crumb(4, article.Title, canonicalUrl),
                },
            },
        };
        return JsonSerializer.Serialize(new Dictionary<string, object> { ["@context"] = "https://schema.org", ["@graph"] = graph });
    }

    private static Dictionary<string, object> Crumb(int position, string name, string url) =>
        new() { ["@type"] = "ListItem", ["position"] = position, ["name"] = name, ["item"] = url };
}
