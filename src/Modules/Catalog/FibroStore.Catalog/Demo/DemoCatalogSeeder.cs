using FibroStore.SharedKernel.Data;
using FibroStore.SharedKernel.Images;
using SkiaSharp;

namespace FibroStore.Catalog.Demo;

/// <summary>
/// A real-looking shop for a newcomer's first run. Idempotent: categories and products are added only
/// where their slug is free, so staff edits and deletions of demo rows are never undone.
/// </summary>
internal sealed class DemoCatalogSeeder(CatalogDbContext db, IImageProcessor images, TimeProvider clock, CatalogCache cache) : IDataSeeder
{
    public const string Actor = "seed";

    public int Order => 20;
    public bool IsDemoContent => true;

    public async Task SeedAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var categories = await db.Categories.ToDictionaryAsync(c => c.Slug, ct);
        var position = 0;
        foreach (var demo in DemoCatalogData.Categories)
        {
            position++;
            if (categories.ContainsKey(demo.Slug)) continue;
            var category = new Category
            {
                Slug = demo.Slug, Name = demo.Name, Description = demo.Description, Position = position,
                ParentId = demo.Parent is null ? null : categories[demo.Parent].Id,
            };
            db.Categories.Add(category);
            categories[demo.Slug] = category;
        }
        await db.SaveChangesAsync(ct);

        var existing = (await db.Products.Select(p => p.Slug).ToListAsync(ct)).ToHashSet();
        var takenSkus = (await db.Variants.Select(v => v.Sku).ToListAsync(ct)).ToHashSet();
        var index = 0;
        foreach (var demo in DemoCatalogData.Products)
        {
            index++;
            var slug = Product.Slugify(demo.Name);
            if (existing.Contains(slug)) continue;
            var category = categories[demo.Category];
            var product = new Product
            {
                Name = demo.Name, Slug = slug, Summary = demo.Summary, IsFeatured = demo.Featured,
                Description = demo.Details + "\n\n" + CareNote(demo.Category),
                Status = ProductStatus.Active, Tags = [.. demo.Tags],
                // Spread creation times so "newest" has a visible order.
                CreatedAt = now.AddHours(-index),
            };
            product.Categories.Add(category);
            var variantPosition = 0;
            foreach (var v in demo.Variants)
            {
                var sku = $"FS-{index:000}-{++variantPosition}";
                if (!takenSkus.Add(sku)) continue;
                var variant = new Variant
                {
                    Name = v.Name, Sku = sku, Position = variantPosition, OnHand = v.Stock, AllowBackorder = demo.Backorder,
                    WeightGrams = 250, LowStockThreshold = 5,
                };
                variant.SetPrices(v.Price, v.CompareAt);
                product.Variants.Add(variant);
                if (v.Stock > 0)
                    db.StockMovements.Add(new StockMovement
                    {
                        VariantId = variant.Id, Kind = StockMovementKind.Received, OnHandDelta = v.Stock,
                        Reason = "Opening stock", Actor = Actor, At = now,
                    });
            }
            var picture = DemoImages.Draw(demo.Name, new SKColor(DemoCatalogData.Categories.First(c => c.Slug == demo.Category).Tint));
            using (var stream = new MemoryStream(picture))
            {
                var processed = await images.ProcessAsync(stream, $"catalog/{slug}", ct);
                product.Images.Add(ProductImages.From(processed, $"Illustration for {demo.Name}: the letter {char.ToUpperInvariant(demo.Name[0])} on soft overlapping circles", 0));
            }
            product.Refresh(now);
            db.Products.Add(product);
            await db.SaveChangesAsync(ct);
        }
        await cache.EvictProductsAsync([], ct);
    }

    private static string CareNote(string category) => category switch
    {
        "supplements" => "*Please check with your doctor or pharmacist before starting a supplement, especially if you take other medicines.*",
        "heat-packs" or "cold-packs" or "heat-and-cold" => "*Always use the cover, test the temperature first, and follow the instructions on the label.*",
        _ => "*Questions about size or fit? Write to us from the contact page and a person will answer.*",
    };
}
