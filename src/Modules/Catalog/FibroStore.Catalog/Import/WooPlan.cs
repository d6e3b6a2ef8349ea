using System.Globalization;

namespace FibroStore.Catalog.Import;

internal sealed record PlannedVariant(
    int RowNumber, string Sku, string Name, decimal Price, decimal? CompareAt, int WeightGrams, bool TrackStock, bool AllowBackorder,
    int? LowStockThreshold, int OnHand);

internal sealed record PlannedProduct(
    int RowNumber, string Slug, string Name, ProductStatus Status, bool Featured, string Summary, string Description,
    IReadOnlyList<IReadOnlyList<string>> Categories, IReadOnlyList<string> Tags, IReadOnlyList<string> Images, IReadOnlyList<PlannedVariant> Variants)
{
    /// <summary>WooCommerce's address of the product: its slug, which WordPress makes from the name as Slugify does.</summary>
    public string OldPath => "/product/" + Slug;
}

/// <summary>
/// Turns the rows of a WooCommerce export into products with their options: a simple product is one option, a
/// variable product's variations are its options, named by their attribute values ("Large / Lavender").
/// Changes made on the way are noted per row; rows that cannot be imported are problems.
/// </summary>
internal static class WooPlan
{
    public const string NameSeparator = " / ";

    public static (List<PlannedProduct> Products, List<CsvProblem> Notes) Build(IReadOnlyList<WooRow> rows, List<CsvProblem> problems)
    {
        var notes = new List<CsvProblem>();
        var parents = rows.Where(r => !r.IsVariation).ToList();
        var byId = parents.Where(p => p.Id.Length > 0).GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.First());
        var bySku = parents.Where(p => p.Sku.Length > 0).GroupBy(p => p.Sku).ToDictionary(g => g.Key, g => g.First());
        var variations = new Dictionary<WooRow, List<WooRow>>(ReferenceEqualityComparer.Instance);
        foreach (var v in rows.Where(r => r.IsVariation))
        {
            var parent = v.Parent.StartsWith("id:", StringComparison.OrdinalIgnoreCase)
                ? byId.GetValueOrDefault(v.Parent[3..].Trim())
                : bySku.GetValueOrDefault(v.Parent.ToUpperInvariant());
            if (parent is null)
                problems.Add(new(v.RowNumber, "Parent", $"Its product ({v.Parent}) is not in the file. Export the product together with its variations."));
            else if (!parent.IsVariable)
                problems.Add(new(v.RowNumber, "Parent", $"Its product on row {parent.RowNumber} is not a variable product."));
            else
                (variations.TryGetValue(parent, out var list) ? list : variations[parent] = []).Add(v);
        }

        var products = new List<PlannedProduct>();
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        var skus = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in parents)
        {
            var slug = UniqueSlug(row, slugs);
            var variants = new List<PlannedVariant>();
            var images = new List<string>(row.Images);
            if (row.IsVariable)
            {
                foreach (var v in variations.GetValueOrDefault(row) ?? [])
                {
                    if (v.Published is "0" or "-1")
                    {
                        notes.Add(new(v.RowNumber, "Published", "This variation was switched off in WooCommerce, so it was left out."));
                        continue;
                    }
                    var name = string.Join(NameSeparator, v.Attributes.Select(a => a.Values).Where(a => a.Length > 0));
                    if (name.Length == 0) name = "Option " + (variants.Count + 1).ToString(CultureInfo.InvariantCulture);
                    if (Variant(v, row, name, variants.Count + 1, skus, problems, notes) is { } variant) variants.Add(variant);
                    images.AddRange(v.Images.Where(i => !images.Contains(i)));
                }
            }
            else if (Variant(row, row, Domain.Variant.DefaultName, 1, skus, problems, notes) is { } variant)
            {
                variants.Add(variant);
            }
            else
            {
                continue;
            }

            var status = row.Published == "1" ? ProductStatus.Active : ProductStatus.Draft;
            if (row.Published is "0" or "-1")
                notes.Add(new(row.RowNumber, "Published", "It was private or a draft in WooCommerce, so it is imported as a draft."));
            if (status == ProductStatus.Active && variants.Count == 0)
            {
                status = ProductStatus.Draft;
                notes.Add(new(row.RowNumber, "Type", "This variable product has no variation that can be sold, so it is imported as a draft."));
            }
            if (row.Description.Length > 20_000)
            {
                problems.Add(new(row.RowNumber, "Description", "The description is longer than 20,000 characters. Shorten it in WooCommerce, then export again."));
                continue;
            }
            var summary = Clip(WooCsv.PlainText(row.ShortDescription) is { Length: > 0 } s ? s : WooCsv.PlainText(row.Description), 300);
            if (summary.Length == 0) summary = row.Name;
            var categories = row.Categories.Where(c => c.All(n => Product.Slugify(n).Length > 0 && n.Length <= 80)).ToList();
            if (categories.Count < row.Categories.Count)
                notes.Add(new(row.RowNumber, "Categories", "A category without letters or digits, or with a name over 80 characters, was left out."));
            var tags = row.Tags.Where(t => t.Length <= 40).Take(20).ToList();
            if (tags.Count < row.Tags.Count)
                notes.Add(new(row.RowNumber, "Tags", "The store keeps up to 20 tags of up to 40 characters; the others were left out."));
            products.Add(new PlannedProduct(row.RowNumber, slug, row.Name, status, row.Featured, summary, row.Description, categories, tags, images, variants));
        }
        return (products, notes);
    }

    private static PlannedVariant? Variant(WooRow v, WooRow product, string name, int position, Dictionary<string, int> skus,
        List<CsvProblem> problems, List<CsvProblem> notes)
    {
        if (name.Length > 80)
        {
            problems.Add(new(v.RowNumber, "Attribute 1 value(s)", "The option name made from the attribute values is longer than 80 characters."));
            return null;
        }
        if (v.RegularPrice is not { } regular)
        {
            problems.Add(new(v.RowNumber, "Regular price", "There is no regular price, so WooCommerce could not sell it either. Add one, then export again."));
            return null;
        }
        if (v.SalePrice >= regular)
        {
            problems.Add(new(v.RowNumber, "Sale price", "The sale price must be lower than the regular price."));
            return null;
        }
        var (price, compareAt) = v.SalePrice is { } sale ? (sale, (decimal?)regular) : (regular, null);
        if (Domain.Variant.CheckPrices(price, compareAt) is { } priceProblem)
        {
            problems.Add(new(v.RowNumber, "Regular price", priceProblem));
            return null;
        }

        var sku = v.Sku;
        if (sku.Length == 0)
        {
            sku = product.Sku.Length > 0 && !ReferenceEquals(v, product) ? $"{product.Sku}-{position}" : "WC-" + (v.Id.Length > 0 ? v.Id : v.RowNumber.ToString(CultureInfo.InvariantCulture));
            if (!CatalogCsv.IsValidSku(sku)) sku = "WC-ROW-" + v.RowNumber.ToString(CultureInfo.InvariantCulture);
            notes.Add(new(v.RowNumber, "SKU", $"It had no SKU in WooCommerce; it was given {sku}."));
        }
        if (skus.TryGetValue(sku, out var twin))
        {
            problems.Add(new(v.RowNumber, "SKU", $"The SKU {sku} is also on row {twin}; each option needs its own SKU."));
            return null;
        }
        skus[sku] = v.RowNumber;

        // No stock count means WooCommerce did not count it: "in stock" stays always available, "out of stock"
        // and "on backorder" become a counted 0.
        var track = v.Stock is not null || v.InStock is "0" or "backorder" or "onbackorder";
        var backorder = v.Backorders is "1" or "notify" || v.InStock is "backorder" or "onbackorder";
        var onHand = Math.Max(0, v.Stock ?? 0);
        if (v.Stock < 0)
            notes.Add(new(v.RowNumber, "Stock", $"WooCommerce had {v.Stock} (more sold on backorder than it had); the store starts it at 0."));
        if (v.IsVariation && v.Stock is null && product.Stock is not null)
            notes.Add(new(v.RowNumber, "Stock", "This variation used its product's shared stock in WooCommerce; here each option has its own count, so it starts at 0. Set it under Stock."));
        return new PlannedVariant(v.RowNumber, sku, name, price, compareAt, v.WeightGrams ?? product.WeightGrams ?? 0, track, backorder, v.LowStock, onHand);
    }

    /// <summary>WordPress's rule for a second product of the same name: "-2", "-3" after the slug.</summary>
    private static string UniqueSlug(WooRow row, HashSet<string> taken)
    {
        var stem = Product.Slugify(row.Name);
        if (stem.Length == 0) stem = "product-" + (row.Id.Length > 0 ? Product.Slugify(row.Id) : row.RowNumber.ToString(CultureInfo.InvariantCulture));
        stem = stem.Length > Product.MaxSlugLength - 4 ? stem[..(Product.MaxSlugLength - 4)].TrimEnd('-') : stem;
        var slug = stem;
        for (var n = 2; !taken.Add(slug); n++) slug = $"{stem}-{n}";
        return slug;
    }

    private static string Clip(string text, int max)
    {
        if (text.Length <= max) return text;
        var cut = text.LastIndexOf(' ', max - 1);
        return (cut > max / 2 ? text[..cut] : text[..(max - 1)]).TrimEnd(',', ';', ':', ' ') + "…";
    }
}
