using System.Text.RegularExpressions;

namespace FibroStore.Catalog.Domain;

internal enum ProductStatus { Draft, Active, Archived }

internal sealed partial class Product
{
    public const int MaxNameLength = 120;
    public const int MaxSlugLength = 120;
    public const int MaxBrandLength = 80;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
    public string Summary { get; set; } = "";
    public string Description { get; set; } = "";
    public ProductStatus Status { get; set; } = ProductStatus.Draft;
    public bool IsFeatured { get; set; }
    public string? SeoTitle { get; set; }
    public string? SeoDescription { get; set; }
    /// <summary>Who makes it, for search engines' product results; empty means the store itself.</summary>
    public string? Brand { get; set; }
    public List<string> Tags { get; set; } = [];

    /// <summary>SKUs, variant names and tags as one text, so full-text search finds a product by any of them.</summary>
    public string SearchKeywords { get; private set; } = "";

    /// <summary>The lowest price among live variants ("from" price): listings sort and filter on it without a subquery per row.</summary>
    public decimal MinPrice { get; private set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public uint Version { get; set; }

    public List<Variant> Variants { get; } = [];
    public List<ProductImage> Images { get; } = [];
    public List<Category> Categories { get; } = [];

    public IEnumerable<Variant> LiveVariants => Variants.Where(v => !v.IsArchived);

    public static bool IsValidSlug(string slug) =>
        slug.Length is > 0 and <= MaxSlugLength && SlugPattern().IsMatch(slug);

    /// <summary>"Lavender Heat Wrap (Large)" becomes "lavender-heat-wrap-large".</summary>
    public static string Slugify(string text)
    {
        var lower = text.Trim().ToLowerInvariant();
        var dashed = NonSlugCharacters().Replace(lower, "-").Trim('-');
        return dashed.Length <= MaxSlugLength ? dashed : dashed[..MaxSlugLength].TrimEnd('-');
    }

    /// <summary>Only products with a live variant can be put on sale: a shopper must have something to buy.</summary>
    public string? CanActivate() =>
        LiveVariants.Any() ? null : "Add at least one variant (with a SKU and price) before putting the product on sale.";

    /// <summary>Keeps the denormalized price and search text in step; call after any change to variants or tags.</summary>
    public void Refresh(DateTimeOffset now)
    {
        var live = LiveVariants.ToList();
        MinPrice = live.Count == 0 ? 0m : live.Min(v => v.Price);
        SearchKeywords = string.Join(' ', Tags.Concat(Variants.Select(v => v.Sku)).Concat(live.Select(v => v.Name).Where(n => n != Variant.DefaultName)));
        UpdatedAt = now;
    }

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlugCharacters();
}

internal sealed class ProductImage
{
    public const int MaxAltLength = 200;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ProductId { get; set; }
    public int Position { get; set; }
    public string Alt { get; set; } = "";
    /// <summary>The largest stored variant, used as src.</summary>
    public string Url { get; set; } = "";
    /// <summary>A smaller variant for product cards.</summary>
    public string CardUrl { get; set; } = "";
    public string SrcSet { get; set; } = "";
    public int Width { get; set; }
    public int Height { get; set; }
}

internal sealed class Category
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
    public string Description { get; set; } = "";
    public Guid? ParentId { get; set; }
    public int Position { get; set; }
    public List<Product> Products { get; } = [];
}
