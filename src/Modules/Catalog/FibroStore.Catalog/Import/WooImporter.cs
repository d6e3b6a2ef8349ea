using FibroStore.Catalog.Stock;
using FibroStore.SharedKernel.Images;

namespace FibroStore.Catalog.Import;

internal sealed record WooCheck(IReadOnlyList<PlannedProduct> Products, IReadOnlyList<CsvProblem> Problems, IReadOnlyList<CsvProblem> Notes, int RowCount)
{
    public int ValidRows => RowCount - Problems.Select(p => p.RowNumber).Distinct().Count();
}

internal sealed record WooResult(
    int ProductsCreated, int ProductsUpdated, int ProductsUnchanged, int VariantsCreated, int VariantsUpdated, int CategoriesCreated,
    int ImagesStored, int StockChanges, int Redirects, IReadOnlyList<CsvProblem> Notes);

/// <summary>
/// Checks a WooCommerce product export against the store and applies it in one transaction: categories made from
/// its paths, products by slug, options by SKU, stock through the ledger ("imported"), pictures from the uploads zip,
/// and the old /product/ and /product-category/ addresses kept as redirects. Applying the same file twice changes
/// nothing the second time.
/// </summary>
internal sealed class WooImporter(CatalogDbContext db, StockLedger ledger, IImageProcessor images, TimeProvider clock, CatalogCache cache)
{
    public const string StockReason = "imported";
    public const string StockActor = "import";

    /// <summary>A larger file is left out before decoding; the image processor refuses what it cannot take anyway.</summary>
    private const long MaxPictureBytes = 20 * 1024 * 1024;

    public async Task<WooCheck> CheckAsync(string text, WooUploads uploads, CancellationToken ct)
    {
        var (rows, problems, skipped) = WooCsv.Read(text);
        var rowCount = rows.Select(r => r.RowNumber).Concat(problems.Select(p => p.RowNumber)).Concat(skipped.Select(p => p.RowNumber)).Where(n => n > 1).Distinct().Count();
        var (products, notes) = WooPlan.Build(rows, problems);
        notes.AddRange(skipped);

        var skus = products.SelectMany(p => p.Variants).Select(v => v.Sku).ToList();
        var owners = await db.Variants.Where(v => skus.Contains(v.Sku)).Select(v => new { v.Sku, v.Product.Slug }).ToDictionaryAsync(v => v.Sku, v => v.Slug, ct);
        var checkedProducts = new List<PlannedProduct>();
        foreach (var product in products)
        {
            var taken = product.Variants.Where(v => owners.TryGetValue(v.Sku, out var owner) && owner != product.Slug).ToList();
            foreach (var v in taken)
                problems.Add(new(v.RowNumber, "SKU", $"The SKU {v.Sku} already belongs to the product \"{owners[v.Sku]}\" here."));
            checkedProducts.Add(taken.Count == 0 ? product : product with { Variants = product.Variants.Except(taken).ToList() });
        }

        foreach (var product in checkedProducts)
            foreach (var url in product.Images)
                if (ImageNote(product.RowNumber, url, uploads) is { } note) notes.Add(note);

        // A row with a problem is left out, and so is a product whose own row has one.
        var refused = problems.Select(p => p.RowNumber).ToHashSet();
        var valid = checkedProducts.Where(p => !refused.Contains(p.RowNumber)).ToList();
        return new WooCheck(valid, problems.OrderBy(p => p.RowNumber).ToList(), notes.OrderBy(n => n.RowNumber).ToList(), rowCount);
    }

    private static CsvProblem? ImageNote(int row, string url, WooUploads uploads)
    {
        var relative = WooUploads.RelativePath(url);
        if (relative is null) return new(row, "Images", $"{url} is not in the old site's uploads folder; it was not fetched. Add the picture by hand.");
        if (!uploads.HasZip) return new(row, "Images", $"{url} was not imported: choose the uploads zip to bring the pictures across.");
        return uploads.Has(relative) ? null : new(row, "Images", $"{url} is not in the uploads zip, so it was not imported.");
    }

    /// <summary>Applies the checked file; refused when the catalog changed under it meanwhile, and then nothing at all was applied.</summary>
    public async Task<Outcome<WooResult>> ApplyAsync(WooCheck check, WooUploads uploads, string actorId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var notes = check.Notes.ToList();
        var slugs = check.Products.Select(p => p.Slug).ToList();
        var products = await db.Products.Include(p => p.Variants).Include(p => p.Categories).Include(p => p.Images).AsSplitQuery()
            .Where(p => slugs.Contains(p.Slug)).ToDictionaryAsync(p => p.Slug, ct);
        var categories = await db.Categories.ToDictionaryAsync(c => c.Slug, ct);
        var redirects = new Dictionary<string, (Guid? Product, Category? Category, string Source)>(StringComparer.Ordinal);
        int created = 0, updated = 0, unchanged = 0, variantsCreated = 0, variantsUpdated = 0, categoriesCreated = 0, imagesStored = 0;

        // Pictures are stored before the transaction (files are not part of it); only products without any get them,
        // so importing again adds no second copy.
        var pictures = new Dictionary<string, List<ProductImage>>(StringComparer.Ordinal);
        foreach (var plan in check.Products.Where(p => !products.TryGetValue(p.Slug, out var existing) || existing.Images.Count == 0))
        {
            var list = pictures[plan.Slug] = [];
            foreach (var url in plan.Images)
            {
                if (WooUploads.RelativePath(url) is not { } relative || await uploads.ReadAsync(relative, MaxPictureBytes, ct) is not { } bytes) continue;
                try
                {
                    using var stream = new MemoryStream(bytes);
                    var processed = await images.ProcessAsync(stream, $"catalog/woo-{plan.Slug}", ct);
                    list.Add(ProductImages.From(processed, Clip(plan.Name, ProductImage.MaxAltLength), list.Count));
                    imagesStored++;
                }
                catch (InvalidImageException ex)
                {
                    notes.Add(new(plan.RowNumber, "Images", $"{url} could not be used: {ex.Message}"));
                }
            }
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var stockTargets = new List<(Variant Variant, int OnHand, int Row)>();
        foreach (var plan in check.Products)
        {
            var isNew = !products.TryGetValue(plan.Slug, out var product);
            if (product is null)
            {
                product = new Product { Slug = plan.Slug, CreatedAt = now };
                db.Products.Add(product);
                products[plan.Slug] = product;
            }
            var before = isNew ? null : Snapshot(product);
            var changed = ApplyProductFields(product, plan);
            var wanted = new List<Category>();
            foreach (var path in plan.Categories)
                if (EnsureCategory(path, categories, ref categoriesCreated) is var category && !wanted.Contains(category)) wanted.Add(category);
            if (!product.Categories.Select(c => c.Id).ToHashSet().SetEquals(wanted.Select(c => c.Id)))
            {
                product.Categories.Clear();
                product.Categories.AddRange(wanted);
                changed = true;
            }
            // WooCommerce gave every level its own address: /product-category/heat-therapy/ and /product-category/heat-therapy/heat-packs/.
            foreach (var path in plan.Categories)
                for (var depth = 1; depth <= path.Count; depth++)
                    redirects["/product-category/" + string.Join('/', path.Take(depth).Select(Product.Slugify))] =
                        (null, categories[Product.Slugify(path[depth - 1])], ProductRedirectSources.WooCommerceCategory);
            if (pictures.TryGetValue(plan.Slug, out var newPictures) && newPictures.Count > 0)
            {
                foreach (var picture in newPictures) product.Images.Add(picture);
                db.Images.AddRange(newPictures);
                changed = true;
            }

            foreach (var row in plan.Variants)
            {
                var variant = product.Variants.FirstOrDefault(v => v.Sku == row.Sku);
                if (variant is null)
                {
                    variant = new Variant { Sku = row.Sku, Position = product.Variants.Count == 0 ? 0 : product.Variants.Max(v => v.Position) + 1 };
                    product.Variants.Add(variant);
                    // Added explicitly: a child with a preset key found only through the navigation would be taken for an existing row.
                    db.Variants.Add(variant);
                    ApplyVariantFields(variant, row);
                    variantsCreated++;
                    changed = true;
                }
                else if (ApplyVariantFields(variant, row))
                {
                    variantsUpdated++;
                    changed = true;
                }
                if (variant.TrackStock) stockTargets.Add((variant, row.OnHand, row.RowNumber));
            }
            if (product.Status == ProductStatus.Active && product.CanActivate() is not null) product.Status = ProductStatus.Draft;
            if (!changed)
            {
                unchanged++;
                continue;
            }
            product.Refresh(now);
            if (isNew) created++;
            else updated++;
            AuditTrail.Record(db, now, actorId, AuditAreas.Catalog, isNew ? "product.imported" : "product.updated-by-import", "Product", product.Id.ToString(),
                before, Snapshot(product));
        }

        try
        {
            await db.SaveChangesAsync(ct);
            var stockChanges = 0;
            foreach (var (variant, target, row) in stockTargets)
            {
                var delta = target - variant.OnHand;
                if (delta == 0) continue;
                if (await ledger.TryAdjustOnHandAsync(variant.Id, delta, StockMovementKind.Adjusted, StockReason, StockActor, ct)) stockChanges++;
                else notes.Add(new(row, "Stock", $"Checkouts here hold more of {variant.Sku} than {target}; its stock was left as it was."));
            }

            foreach (var plan in check.Products)
                redirects[plan.OldPath] = (products[plan.Slug].Id, null, ProductRedirectSources.WooCommerceProduct);
            var paths = redirects.Keys.ToList();
            var existing = await db.Redirects.Where(r => paths.Contains(r.FromPath)).ToDictionaryAsync(r => r.FromPath, ct);
            var redirectsAdded = 0;
            foreach (var (path, target) in redirects)
            {
                if (!existing.TryGetValue(path, out var redirect))
                {
                    redirect = new ProductRedirect { FromPath = path, CreatedAt = now };
                    db.Redirects.Add(redirect);
                    redirectsAdded++;
                }
                redirect.Source = target.Source;
                redirect.ProductId = target.Product;
                redirect.CategoryId = target.Category?.Id;
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            await cache.EvictProductsAsync(slugs, ct);
            return new WooResult(created, updated, unchanged, variantsCreated, variantsUpdated, categoriesCreated, imagesStored, stockChanges, redirectsAdded,
                notes.OrderBy(n => n.RowNumber).ToList());
        }
        catch (DbUpdateException ex) when (ImportConflicts.For(ex, "product, SKU or category") is { } conflict)
        {
            return conflict;
        }
    }

    /// <summary>"Heat therapy > Wraps" is the category "wraps" inside "heat-therapy", each made when missing.</summary>
    private Category EnsureCategory(IReadOnlyList<string> path, Dictionary<string, Category> categories, ref int createdCount)
    {
        Category? parent = null;
        foreach (var name in path)
        {
            var slug = Product.Slugify(name);
            if (!categories.TryGetValue(slug, out var category))
            {
                category = new Category
                {
                    Name = name, Slug = slug, ParentId = parent?.Id,
                    Position = categories.Values.Where(c => c.ParentId == parent?.Id).Select(c => c.Position + 1).DefaultIfEmpty(0).Max(),
                };
                db.Categories.Add(category);
                categories[slug] = category;
                createdCount++;
            }
            parent = category;
        }
        return parent!;
    }

    private static object Snapshot(Product p) => new { p.Name, p.Slug, Status = p.Status.ToString(), p.IsFeatured, p.Summary, Tags = string.Join(", ", p.Tags) };

    private static bool ApplyProductFields(Product product, PlannedProduct plan)
    {
        var changed = product.Name != plan.Name || product.Status != plan.Status || product.IsFeatured != plan.Featured
            || product.Summary != plan.Summary || product.Description != plan.Description || !product.Tags.SequenceEqual(plan.Tags);
        if (!changed) return false;
        product.Name = plan.Name;
        product.Status = plan.Status;
        product.IsFeatured = plan.Featured;
        product.Summary = plan.Summary;
        product.Description = plan.Description;
        product.Tags = plan.Tags.ToList();
        return true;
    }

    private static bool ApplyVariantFields(Variant variant, PlannedVariant row)
    {
        var threshold = row.LowStockThreshold ?? variant.LowStockThreshold;
        var changed = variant.Name != row.Name || variant.Price != row.Price || variant.CompareAtPrice != row.CompareAt || variant.IsArchived
            || variant.WeightGrams != row.WeightGrams || variant.TrackStock != row.TrackStock || variant.AllowBackorder != row.AllowBackorder
            || variant.LowStockThreshold != threshold;
        if (!changed) return false;
        variant.Name = row.Name;
        variant.SetPrices(row.Price, row.CompareAt);
        variant.WeightGrams = row.WeightGrams;
        variant.TrackStock = row.TrackStock;
        variant.AllowBackorder = row.AllowBackorder;
        variant.LowStockThreshold = threshold;
        variant.IsArchived = false;
        return true;
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}
