using System.ComponentModel.DataAnnotations;
using FibroStore.Catalog.Pages.Shop;

namespace FibroStore.Catalog.Pages.Staff.Catalog.Products;

/// <summary>A new product starts as a draft with its first variant; staff add pictures and more variants, then put it on sale.</summary>
public sealed class NewProduct(IMediator mediator) : PageModel
{
    [BindProperty] public ProductForm Product { get; set; } = new();
    [BindProperty] public VariantForm Variant { get; set; } = new();
    [BindProperty, Range(0, Domain.Variant.MaxStockChange), Display(Name = "Opening stock")] public int OpeningStock { get; set; }

    public IReadOnlyList<CategoryLink> Categories { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Categories = await mediator.Send(new CategoryOptions(), ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var outcome = await mediator.Send(new Command(Product, Variant, OpeningStock, User.StaffId()), ct);
            if (outcome.IsDone) return Redirect($"/staff/catalog/products/{outcome.Value}?created=true");
            this.Show(outcome.Refusal);
        }
        Categories = await mediator.Send(new CategoryOptions(), ct);
        return Page();
    }

    /// <summary>Answers the new product's id.</summary>
    public sealed record Command(ProductForm Product, VariantForm Variant, int OpeningStock, string ActorId) : ICommand<Outcome<Guid>>;

    internal sealed class Handler(CatalogDbContext db, TimeProvider clock) : ICommandHandler<Command, Outcome<Guid>>
    {
        public async ValueTask<Outcome<Guid>> Handle(Command command, CancellationToken ct)
        {
            var f = command.Product;
            var v = command.Variant;
            var slug = string.IsNullOrWhiteSpace(f.Slug) ? Domain.Product.Slugify(f.Name) : f.Slug.Trim();
            var sku = v.Sku.Trim().ToUpperInvariant();
            var problems = new List<FieldProblem>();
            if (!Domain.Product.IsValidSlug(slug))
                problems.Add(new("Product.Slug", "Use lowercase letters, digits and single dashes, such as lavender-wheat-bag."));
            else if (await db.Products.AnyAsync(p => p.Slug == slug, ct))
                problems.Add(new("Product.Slug", $"Another product already uses the address name \"{slug}\". Choose another."));
            if (await db.Variants.AnyAsync(x => x.Sku == sku, ct))
                problems.Add(new("Variant.Sku", $"The SKU {sku} is already used by another variant."));
            if (Domain.Variant.CheckPrices(v.Price, v.CompareAtPrice) is { } priceProblem)
                problems.Add(new("Variant.Price", priceProblem));
            if (problems.Count > 0) return Refusal.Invalid(problems);

            var now = clock.GetUtcNow();
            var product = new Product
            {
                Name = f.Name.Trim(), Slug = slug, Summary = f.Summary.Trim(), Description = f.Description ?? "", Tags = f.TagList(),
                SeoTitle = f.SeoTitle, SeoDescription = f.SeoDescription, Brand = f.BrandOrNull(), IsFeatured = f.IsFeatured, CreatedAt = now,
            };
            product.Categories.AddRange(await db.Categories.Where(c => f.CategoryIds.Contains(c.Id)).ToListAsync(ct));
            var variant = new Variant
            {
                Name = v.Name.Trim(), Sku = sku, WeightGrams = v.WeightGrams, TrackStock = v.TrackStock, AllowBackorder = v.AllowBackorder,
                LowStockThreshold = v.LowStockThreshold, OnHand = command.OpeningStock,
            };
            variant.SetPrices(v.Price, v.CompareAtPrice);
            product.Variants.Add(variant);
            product.Refresh(now);
            db.Products.Add(product);
            if (command.OpeningStock > 0)
                db.StockMovements.Add(new StockMovement
                {
                    VariantId = variant.Id, Kind = StockMovementKind.Received, OnHandDelta = command.OpeningStock,
                    Reason = "Opening stock", Actor = command.ActorId, At = now,
                });
            AuditTrail.Record(db, now, command.ActorId, AuditAreas.Catalog, "product.created", "Product", product.Id.ToString(),
                after: new { product.Name, product.Slug, Sku = sku, variant.Price, command.OpeningStock });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (UniqueViolation.Is(ex, out _))
            {
                return Refusal.Invalid("Another product with the same address name or SKU was saved a moment ago. Please choose another.");
            }
            return product.Id;
        }
    }
}

/// <summary>Every category in tree order, for pickers.</summary>
internal sealed record CategoryOptions : IQuery<IReadOnlyList<CategoryLink>>;

internal sealed class CategoryOptionsHandler(CatalogDbContext db) : IQueryHandler<CategoryOptions, IReadOnlyList<CategoryLink>>
{
    public async ValueTask<IReadOnlyList<CategoryLink>> Handle(CategoryOptions query, CancellationToken ct) =>
        (await CategoryTree.LoadAsync(db, ct)).Links();
}
