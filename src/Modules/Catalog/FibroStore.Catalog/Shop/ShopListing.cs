using Microsoft.Extensions.Options;

using FibroStore.Catalog.Pages.Shop;

namespace FibroStore.Catalog.Shop;

internal sealed class ShopQueryHandler(CatalogDbContext db, CatalogReads reads, IOptions<CatalogOptions> options) : IQueryHandler<ShopQuery, ShopResult?>
{
    public async ValueTask<ShopResult?> Handle(ShopQuery query, CancellationToken ct) => await reads.ShopAsync(query, c => ReadAsync(query, c), ct);

    private async Task<ShopResult?> ReadAsync(ShopQuery query, CancellationToken ct)
    {
        var tree = await reads.CategoryTreeAsync(db, ct);
        CategoryTree.Node? category = null;
        if (query.Category is not null)
        {
            category = tree.Find(query.Category);
            if (category is null) return null;
        }
        var products = Filtered(db, query, category is null ? null : tree.SelfAndDescendants(category).Select(c => c.Id).ToList());
        var total = await products.CountAsync(ct);
        var rows = await PageOf(products, query).ToListAsync(ct);
        var currency = options.Value.Currency;
        return new ShopResult(
            rows.Select(r => r.ToCard(currency)).ToList(), total, Math.Max(1, (total + ShopQuery.PageSize - 1) / ShopQuery.PageSize), currency,
            category?.Link, category?.Description, category is null ? [] : tree.Breadcrumbs(category), tree.Links());
    }

    /// <summary>The active products the shopper's filters leave (in <paramref name="categoryIds"/> when given).</summary>
    internal static IQueryable<Product> Filtered(CatalogDbContext db, ShopQuery query, List<Guid>? categoryIds)
    {
        var products = db.Products.AsNoTracking().Where(p => p.Status == ProductStatus.Active);
        if (categoryIds is not null)
            products = products.Where(p => p.Categories.Any(c => categoryIds.Contains(c.Id)));
        if (query.MinPrice is { } min) products = products.Where(p => p.MinPrice >= min);
        if (query.MaxPrice is { } max) products = products.Where(p => p.MinPrice <= max);
        if (query.InStock)
            products = products.Where(p => p.Variants.Any(v => !v.IsArchived && (!v.TrackStock || v.OnHand - v.Reserved > 0)));
        return products;
    }

    /// <summary>One page of product cards in the shopper's order: the listing's hot query.</summary>
    internal static IQueryable<CardRow> PageOf(IQueryable<Product> products, ShopQuery query)
    {
        var ordered = query.Sort switch
        {
            "price-asc" => products.OrderBy(p => p.MinPrice).ThenBy(p => p.Name),
            "price-desc" => products.OrderByDescending(p => p.MinPrice).ThenBy(p => p.Name),
            "name" => products.OrderBy(p => p.Name),
            "best-selling" => products.OrderByDescending(p => p.Variants.Sum(v => v.UnitsSold)).ThenBy(p => p.Name),
            _ => products.OrderByDescending(p => p.CreatedAt),
        };
        return ordered.ThenBy(p => p.Id)
            .Skip((query.Page - 1) * ShopQuery.PageSize).Take(ShopQuery.PageSize)
            .SelectCards();
    }
}

/// <summary>All categories, read at once (there are tens, not thousands) and walked in memory.</summary>
internal sealed class CategoryTree
{
    public sealed record Node(Guid Id, string Name, string Slug, string Description, Guid? ParentId, int Position)
    {
        public CategoryLink Link { get; init; } = null!;
    }

    private readonly List<Node> nodes;

    private CategoryTree(List<Node> nodes) => this.nodes = nodes;

    public static string UrlFor(string slug) => "/shop/category/" + slug;

    public static async Task<CategoryTree> LoadAsync(CatalogDbContext db, CancellationToken ct)
    {
        var rows = await db.Categories.AsNoTracking()
            .OrderBy(c => c.Position).ThenBy(c => c.Name)
            .Select(c => new Node(c.Id, c.Name, c.Slug, c.Description, c.ParentId, c.Position))
            .ToListAsync(ct);
        var tree = new CategoryTree(rows);
        return new CategoryTree(rows.Select(n => n with { Link = new CategoryLink(n.Id, n.Name, n.Slug, UrlFor(n.Slug), tree.Depth(n)) }).ToList());
    }

    public IReadOnlyList<Node> All => nodes;

    public Node? Find(string slug) => nodes.FirstOrDefault(n => n.Slug == slug);

    public Node? Find(Guid id) => nodes.FirstOrDefault(n => n.Id == id);

    public IEnumerable<Node> Children(Guid? parentId) => nodes.Where(n => n.ParentId == parentId);

    public IReadOnlyList<Node> SelfAndDescendants(Node node)
    {
        var result = new List<Node> { node };
        for (var i = 0; i < result.Count; i++)
            result.AddRange(Children(result[i].Id));
        return result;
    }

    /// <summary>Root first; the guard stops at a cycle rather than looping (the editor refuses cycles, this is belt and braces).</summary>
    public IReadOnlyList<Node> Ancestry(Node node)
    {
        var chain = new List<Node>();
        for (var current = node; current is not null && chain.Count < 20; current = current.ParentId is { } p ? Find(p) : null)
            chain.Insert(0, current);
        return chain;
    }

    public int Depth(Node node) => Ancestry(node).Count - 1;

    public IReadOnlyList<Crumb> Breadcrumbs(Node node) =>
        [new Crumb("Shop", "/shop"), .. Ancestry(node).Select(n => new Crumb(n.Name, UrlFor(n.Slug)))];

    /// <summary>Every category in tree order (each parent followed by its children), for menus and pickers.</summary>
    public IReadOnlyList<CategoryLink> Links()
    {
        var ordered = new List<CategoryLink>();
        void Walk(Guid? parent)
        {
            foreach (var child in Children(parent))
            {
                ordered.Add(child.Link);
                Walk(child.Id);
            }
        }
        Walk(null);
        return ordered;
    }
}
