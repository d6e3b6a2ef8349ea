namespace FibroStore.Catalog.Import;

internal sealed record ImportCheck(IReadOnlyList<CsvRow> ValidRows, IReadOnlyList<CsvProblem> Problems, int RowCount);

internal sealed record ImportResult(int ProductsCreated, int ProductsUpdated, int VariantsCreated, int VariantsUpdated, int Unchanged);

/// <summary>Checks a catalog CSV against the database and applies it: products by slug, variants by SKU, all in one transaction.</summary>
internal sealed class CatalogImporter(CatalogDbContext db, TimeProvider clock, CatalogCache cache)
{
    public async Task<ImportCheck> CheckAsync(string text, CancellationToken ct)
    {
        var (rows, problems) = CatalogCsv.Read(text);
        var rowCount = rows.Select(r => r.RowNumber).Concat(problems.Select(p => p.RowNumber)).Where(n => n > 1).Distinct().Count();

        foreach (var twin in rows.GroupBy(r => r.Sku).Where(g => g.Count() > 1))
            foreach (var row in twin.Skip(1))
                problems.Add(new(row.RowNumber, "sku", $"The SKU {row.Sku} is also on row {twin.First().RowNumber}; each option needs its own SKU."));
        foreach (var product in rows.GroupBy(r => r.Slug))
        {
            var first = product.First();
            foreach (var row in product.Where(r => r.ProductKey != first.ProductKey))
                problems.Add(new(row.RowNumber, "product_slug", $"The product fields differ from row {first.RowNumber} of the same product ({row.Slug}); make them the same on every row."));
        }

        var categorySlugs = await db.Categories.Select(c => c.Slug).ToListAsync(ct);
        foreach (var row in rows)
            foreach (var unknown in row.Categories.Except(categorySlugs))
                problems.Add(new(row.RowNumber, "categories", $"There is no category \"{unknown}\". Use the address names shown in the category editor."));

        var skus = rows.Select(r => r.Sku).Distinct().ToList();
        var owners = await db.Variants.Where(v => skus.Contains(v.Sku)).Select(v => new { v.Sku, v.Product.Slug }).ToDictionaryAsync(v => v.Sku, v => v.Slug, ct);
        foreach (var row in rows)
            if (owners.TryGetValue(row.Sku, out var owner) && owner != row.Slug)
                problems.Add(new(row.RowNumber, "sku", $"The SKU {row.Sku} already belongs to the product \"{owner}\"."));

        var invalid = problems.Select(p => p.RowNumber).ToHashSet();
        return new(rows.Where(r => !invalid.Contains(r.RowNumber)).ToList(), problems.OrderBy(p => p.RowNumber).ToList(), rowCount);
    }

    /// <summary>
    /// Creates or updates only what differs, so applying the same file twice changes nothing the second time. Refused
    /// when the catalog changed under the file meanwhile: then nothing at all was applied.
    /// </summary>
    public async Task<Outcome<ImportResult>> ApplyAsync(IReadOnlyList<CsvRow> rows, string actorId, CancellationToken ct)
    {
        var slugs = rows.Select(r => r.Slug).Distinct().ToList();
        var products = await db.Products.Include(p => p.Variants).Include(p => p.Categories).AsSplitQuery()
            .Where(p => slugs.Contains(p.Slug)).ToDictionaryAsync(p => p.Slug, ct);
        var categories = await db.Categories.ToDictionaryAsync(c => c.Slug, ct);
        var now = clock.GetUtcNow();
        int productsCreated = 0, productsUpdated = 0, variantsCreated = 0, variantsUpdated = 0, unchanged = 0;
        var changedSlugs = new List<string>();

        foreach (var group in rows.GroupBy(r => r.Slug))
        {
            var first = group.First();
            var isNew = !products.TryGetValue(first.Slug, out var product);
            if (product is null)
            {
                product = new Product { Slug = first.Slug, CreatedAt = now };
                db.Products.Add(product);
            }
            var before = isNew ? null : Snapshot(product);
            var productChanged = ApplyProductFields(product, first, categories);
            var variantChanged = false;
            foreach (var row in group)
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
                    variantChanged = true;
                    AuditTrail.Record(db, now, actorId, AuditAreas.Catalog, "variant.imported", "Variant", variant.Id.ToString(),
                        after: new { product.Slug, row.Sku, row.Price, row.CompareAt });
                    continue;
                }
                var variantBefore = new { variant.Name, variant.Price, variant.CompareAtPrice, variant.WeightGrams, variant.TrackStock, variant.AllowBackorder, variant.LowStockThreshold };
                if (ApplyVariantFields(variant, row))
                {
                    variantsUpdated++;
                    variantChanged = true;
                    AuditTrail.Record(db, now, actorId, AuditAreas.Catalog, "variant.updated-by-import", "Variant", variant.Id.ToString(), variantBefore,
                        new { variant.Name, variant.Price, variant.CompareAtPrice, variant.WeightGrams, variant.TrackStock, variant.AllowBackorder, variant.LowStockThreshold });
                }
                else unchanged++;
            }
            if (!productChanged && !variantChanged) continue;
            product.Refresh(now);
            changedSlugs.Add(product.Slug);
            if (isNew) productsCreated++;
            else if (productChanged) productsUpdated++;
            if (isNew || productChanged)
                AuditTrail.Record(db, now, actorId, AuditAreas.Catalog, isNew ? "product.imported" : "product.updated-by-import", "Product", product.Id.ToString(),
                    before, Snapshot(product));
        }

        if (changedSlugs.Count == 0) return new ImportResult(0, 0, 0, 0, unchanged);
        try
        {
            await db.SaveChangesAsync(ct); // one SaveChanges: every row of the file lands, or none does
        }
        catch (DbUpdateException ex) when (ImportConflicts.For(ex, "product or SKU") is { } conflict)
        {
            return conflict;
        }
        await cache.EvictProductsAsync(changedSlugs, ct);
        return new ImportResult(productsCreated, productsUpdated, variantsCreated, variantsUpdated, unchanged);
    }

    private static object Snapshot(Product p) => new { p.Name, p.Slug, Status = p.Status.ToString(), p.IsFeatured, p.Summary, Tags = string.Join(", ", p.Tags) };

    private static bool ApplyProductFields(Product product, CsvRow row, Dictionary<string, Category> categories)
    {
        var changed = false;
        void Set<T>(T current, T wanted, Action<T> assign)
        {
            if (EqualityComparer<T>.Default.Equals(current, wanted)) return;
            assign(wanted);
            changed = true;
        }
        Set(product.Name, row.Name, v => product.Name = v);
        Set(product.Status, row.Status, v => product.Status = v);
        Set(product.Summary, row.Summary, v => product.Summary = v);
        Set(product.SeoTitle, row.SeoTitle, v => product.SeoTitle = v);
        Set(product.SeoDescription, row.SeoDescription, v => product.SeoDescription = v);
        Set(product.IsFeatured, row.Featured, v => product.IsFeatured = v);
        if (!product.Tags.SequenceEqual(row.Tags))
        {
            product.Tags = row.Tags.ToList();
            changed = true;
        }
        if (!product.Categories.Select(c => c.Slug).ToHashSet().SetEquals(row.Categories))
        {
            product.Categories.Clear();
            product.Categories.AddRange(row.Categories.Select(s => categories[s]));
            changed = true;
        }
        return changed;
    }

    private static bool ApplyVariantFields(Variant variant, CsvRow row)
    {
        var changed = variant.Name != row.OptionName || variant.Price != row.Price || variant.CompareAtPrice != row.CompareAt
            || variant.WeightGrams != row.WeightGrams || variant.TrackStock != row.TrackStock || variant.AllowBackorder != row.AllowBackorder
            || variant.LowStockThreshold != row.LowStockThreshold;
        if (!changed) return false;
        variant.Name = row.OptionName;
        variant.SetPrices(row.Price, row.CompareAt);
        variant.WeightGrams = row.WeightGrams;
        variant.TrackStock = row.TrackStock;
        variant.AllowBackorder = row.AllowBackorder;
        variant.LowStockThreshold = row.LowStockThreshold;
        return true;
    }
}
