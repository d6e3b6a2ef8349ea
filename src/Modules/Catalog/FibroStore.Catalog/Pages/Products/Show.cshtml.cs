using System.Text.Json;
using FibroStore.Catalog.Pages.Shop;
using FibroStore.SharedKernel.Clustering;
using FibroStore.SharedKernel.Markdown;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace FibroStore.Catalog.Pages.Products;

[AllowAnonymous]
[OutputCache(Tags = [PageCacheTags.All, CatalogCacheTags.Catalog], VaryByQueryKeys = ["variant"])]
public sealed class ShowProduct(IMediator mediator) : PageModel
{
    public View Product { get; private set; } = null!;
    public VariantView? Selected { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, string? variant, CancellationToken ct)
    {
        var view = await mediator.Send(new Query(slug), ct);
        if (view is null) return NotFound();
        // Editorial pages that show this product carry the same tag, so one eviction refreshes them all.
        // The structured data names delivery prices, so Ordering's changes to them refresh the page as well.
        if (HttpContext.Features.Get<IOutputCacheFeature>()?.Context.Tags is { } tags)
        {
            tags.Add(CatalogCacheTags.Product(view.Slug));
            tags.Add(ProductPageCacheTags.DeliveryOptions);
        }
        Product = view;
        Selected = view.Variants.FirstOrDefault(v => string.Equals(v.Sku, variant, StringComparison.OrdinalIgnoreCase))
                   ?? view.Variants.FirstOrDefault(v => v.CanBuy) ?? view.Variants.FirstOrDefault();
        return Page();
    }

    /// <summary>Why "Add to cart" is switched off, in words; null when it is on.</summary>
    public string? NotBuyableReason =>
        Product.Variants.Count == 0 ? "This product is not available to buy yet."
        : Product.Variants.All(v => !v.CanBuy) ? "Out of stock: every option has sold out. Please check back soon."
        : null;

    /// <summary>
    /// schema.org Product for search engines' product results: brand (the store's own name unless staff named a maker),
    /// and per option its price, stock, delivery prices and destinations, and the returns window from the site settings.
    /// </summary>
    public string JsonLd(string origin)
    {
        var p = Product;
        var returns = WithoutNulls(new Dictionary<string, object?>
        {
            ["@type"] = "MerchantReturnPolicy",
            ["applicableCountry"] = p.ShipsTo,
            ["returnPolicyCategory"] = p.ReturnsDays > 0 ? "https://schema.org/MerchantReturnFiniteReturnWindow" : "https://schema.org/MerchantReturnNotPermitted",
            ["merchantReturnDays"] = p.ReturnsDays > 0 ? p.ReturnsDays : null,
            ["returnMethod"] = p.ReturnsDays > 0 ? "https://schema.org/ReturnByMail" : null,
            ["merchantReturnLink"] = origin + "/returns",
        });
        var destinations = p.ShipsTo.Select(country => new Dictionary<string, object> { ["@type"] = "DefinedRegion", ["addressCountry"] = country }).ToArray();
        return JsonSerializer.Serialize(WithoutNulls(new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Product",
            ["name"] = p.Name,
            ["description"] = p.SeoDescription ?? p.Summary,
            ["sku"] = Selected?.Sku,
            ["url"] = origin + ProductCards.UrlFor(p.Slug),
            ["image"] = p.Images.Select(i => origin + i.Url).ToArray(),
            ["brand"] = new Dictionary<string, object> { ["@type"] = "Brand", ["name"] = p.Brand },
            ["offers"] = p.Variants.Select(v => WithoutNulls(new Dictionary<string, object?>
            {
                ["@type"] = "Offer",
                ["sku"] = v.Sku,
                ["name"] = v.Name,
                ["price"] = Money.Plain(v.Price),
                ["priceCurrency"] = p.Currency,
                ["availability"] = v.SchemaAvailability,
                ["url"] = origin + ProductCards.UrlFor(p.Slug) + "?variant=" + Uri.EscapeDataString(v.Sku),
                ["shippingDetails"] = p.Delivery.Count == 0 ? null : p.Delivery.Select(d => new Dictionary<string, object>
                {
                    ["@type"] = "OfferShippingDetails",
                    ["shippingLabel"] = d.Name,
                    ["shippingRate"] = new Dictionary<string, object> { ["@type"] = "MonetaryAmount", ["value"] = Money.Plain(d.PriceForBasket[v.Price]), ["currency"] = p.Currency },
                    ["shippingDestination"] = destinations,
                }).ToArray(),
                ["hasMerchantReturnPolicy"] = returns,
            })).ToArray(),
        }));
    }

    private static Dictionary<string, object?> WithoutNulls(Dictionary<string, object?> values) =>
        values.Where(v => v.Value is not null).ToDictionary();

    public sealed record Query(string Slug) : IQuery<View?>;

    public sealed record ImageView(string Url, string SrcSet, string Alt, int Width, int Height);

    public sealed record VariantView(Guid Id, string Name, string Sku, decimal Price, decimal? CompareAtPrice, string Words,
        bool CanBuy, string SchemaAvailability, int MaxQuantity);

    /// <param name="Brand">The maker staff named, or the store's name.</param>
    /// <param name="Delivery">The delivery options on offer; empty in a host without Ordering.</param>
    /// <param name="ShipsTo">The countries the store delivers to (ISO 3166 codes).</param>
    /// <param name="ReturnsDays">The site setting: days to return an item, 0 for no returns.</param>
    public sealed record View(
        Guid Id, string Name, string Slug, string Summary, string DescriptionHtml, string? SeoTitle, string? SeoDescription,
        string Currency, IReadOnlyList<ImageView> Images, IReadOnlyList<VariantView> Variants, IReadOnlyList<Crumb> Breadcrumbs,
        IReadOnlyList<ProductCard> Related, IReadOnlyList<ArticleLink> Articles,
        string Brand, IReadOnlyList<ProductDeliveryOption> Delivery, IReadOnlyList<string> ShipsTo, int ReturnsDays);

    // Editorial and Ordering are optional for Catalog: a host without them still shows products, without article links
    // or delivery prices.
    internal sealed class Handler(CatalogDbContext db, CatalogReads reads, IMarkdownRenderer markdown, IOptions<CatalogOptions> options,
        IEnumerable<IArticleMentions> mentions, IEnumerable<IProductDeliveryOptions> deliveryOptions, ISiteSettings siteSettings)
        : IQueryHandler<Query, View?>
    {
        private const int RelatedCount = 4;

        public async ValueTask<View?> Handle(Query query, CancellationToken ct)
        {
            var product = await db.Products.AsNoTracking()
                .Where(p => p.Slug == query.Slug && p.Status == ProductStatus.Active)
                .Select(p => new
                {
                    p.Id, p.Name, p.Slug, p.Summary, p.Description, p.SeoTitle, p.SeoDescription, p.Brand,
                    Images = p.Images.OrderBy(i => i.Position).Select(i => new ImageView(i.Url, i.SrcSet, i.Alt, i.Width, i.Height)).ToList(),
                    Variants = p.Variants.Where(v => !v.IsArchived).OrderBy(v => v.Position).ThenBy(v => v.Price)
                        .Select(v => new { v.Id, v.Name, v.Sku, v.Price, v.CompareAtPrice, v.TrackStock, v.AllowBackorder, v.OnHand, v.Reserved, v.LowStockThreshold })
                        .ToList(),
                    CategoryIds = p.Categories.Select(c => c.Id).ToList(),
                })
                .AsSplitQuery()
                .SingleOrDefaultAsync(ct);
            if (product is null) return null;

            var tree = await reads.CategoryTreeAsync(db, ct);
            var primary = product.CategoryIds.Select(tree.Find).OfType<CategoryTree.Node>().OrderByDescending(tree.Depth).FirstOrDefault();
            var crumbs = primary is null ? [new Crumb("Shop", "/shop")] : tree.Breadcrumbs(primary);

            var currency = options.Value.Currency;
            var categoryIds = product.CategoryIds;
            var related = categoryIds.Count == 0 ? [] : await reads.RelatedAsync(product.Id, async c => (await db.Products.AsNoTracking()
                .Where(p => p.Status == ProductStatus.Active && p.Id != product.Id && p.Categories.Any(x => categoryIds.Contains(x.Id)))
                .OrderByDescending(p => p.Variants.Sum(v => v.UnitsSold)).ThenBy(p => p.Name)
                .Take(RelatedCount)
                .SelectCards()
                .ToListAsync(c)).Select(r => r.ToCard(currency)).ToList(), ct);

            var articles = mentions.FirstOrDefault() is { } source ? await source.GetArticlesMentioningAsync(product.Slug, 5, ct) : [];

            var variants = product.Variants.Select(v =>
            {
                var level = StockLevel.Of(v.TrackStock, v.AllowBackorder, v.OnHand, v.Reserved, v.LowStockThreshold);
                // The quantity box needs a maximum of at least 1 even when sold out: its button is switched off then.
                var max = Math.Max(1, PurchaseLimit.ForLine(v.TrackStock, v.AllowBackorder, v.OnHand - v.Reserved));
                return new VariantView(v.Id, v.Name, v.Sku, v.Price, v.CompareAtPrice, level.Words, level.CanBuy, level.SchemaOrg, max);
            }).ToList();
            var settings = await siteSettings.GetAsync(ct);
            var delivery = deliveryOptions.FirstOrDefault();
            return new View(product.Id, product.Name, product.Slug, product.Summary, markdown.ToSafeHtml(product.Description),
                product.SeoTitle, product.SeoDescription, currency, product.Images, variants, crumbs, related, articles,
                product.Brand ?? settings.StoreName, delivery is null ? [] : await delivery.GetActiveAsync(variants.Select(v => v.Price).ToList(), ct), delivery?.ShippingCountries ?? [],
                settings.ReturnsDays);
        }
    }
}
