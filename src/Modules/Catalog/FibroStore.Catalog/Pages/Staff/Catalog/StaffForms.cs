using System.ComponentModel.DataAnnotations;

namespace FibroStore.Catalog.Pages.Staff.Catalog;

/// <summary>The product fields staff edit; shared by the create and edit pages.</summary>
public class ProductForm
{
    [Required, StringLength(Product.MaxNameLength)] public string Name { get; set; } = "";
    [StringLength(Product.MaxSlugLength), Display(Name = "Address name (slug)")] public string? Slug { get; set; }
    [Required, StringLength(300)] public string Summary { get; set; } = "";
    [StringLength(20_000)] public string? Description { get; set; }
    [StringLength(500), Display(Name = "Tags (comma separated)")] public string? Tags { get; set; }
    [StringLength(70), Display(Name = "Search engine title")] public string? SeoTitle { get; set; }
    [StringLength(160), Display(Name = "Search engine description")] public string? SeoDescription { get; set; }
    [StringLength(Product.MaxBrandLength), Display(Name = "Brand")] public string? Brand { get; set; }
    public bool IsFeatured { get; set; }
    public List<Guid> CategoryIds { get; set; } = [];

    internal string? BrandOrNull() => string.IsNullOrWhiteSpace(Brand) ? null : Brand.Trim();

    internal List<string> TagList() =>
        (Tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.ToLowerInvariant()).Where(t => t.Length <= 40).Distinct().Take(20).ToList();
}

/// <summary>A variant's fields; prices as decimals with two places, weights in grams.</summary>
public class VariantForm
{
    [Required, StringLength(80)] public string Name { get; set; } = Variant.DefaultName;
    [Required, StringLength(64), RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]*$", ErrorMessage = "Use letters, digits, dots, dashes or underscores.")]
    public string Sku { get; set; } = "";
    // Decimal limits for decimal values: a Range of ints converts the posted value to int and throws on 3000000000.
    [Range(typeof(decimal), "0", "100000", ErrorMessage = "The price must be between 0 and 100000.")] public decimal Price { get; set; }
    [Range(typeof(decimal), "0", "100000", ErrorMessage = "The compare-at price must be between 0 and 100000."), Display(Name = "Compare-at price")] public decimal? CompareAtPrice { get; set; }
    [Range(0, Variant.MaxWeightGrams), Display(Name = "Weight (grams)")] public int WeightGrams { get; set; }
    [Display(Name = "Track stock")] public bool TrackStock { get; set; } = true;
    [Display(Name = "Allow backorder")] public bool AllowBackorder { get; set; }
    [Range(0, 10_000), Display(Name = "Low-stock threshold")] public int LowStockThreshold { get; set; } = 5;
}
