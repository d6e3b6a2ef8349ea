using System.ComponentModel.DataAnnotations;

namespace FibroStore.Catalog.Pages.Staff.Catalog.Variants;

public sealed class NewVariant(IMediator mediator) : PageModel
{
    [BindProperty] public VariantForm Variant { get; set; } = new();
    [BindProperty, Range(0, Domain.Variant.MaxStockChange)] public int OpeningStock { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid productId, CancellationToken ct) =>
        await mediator.Send(new Exists(productId), ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid productId, CancellationToken ct)
    {
        if (Domain.Variant.CheckPrices(Variant.Price, Variant.CompareAtPrice) is { } priceProblem)
            ModelState.AddModelError("Variant.Price", priceProblem);
        if (ModelState.IsValid)
        {
            var outcome = await mediator.Send(new Command(productId, Variant, OpeningStock, User.StaffId()), ct);
            if (outcome.IsDone) return Redirect($"/staff/catalog/products/{productId}?saved=true");
            this.Show(outcome.Refusal);
        }
        return Page();
    }

    private const string SkuField = $"{nameof(Variant)}.{nameof(VariantForm.Sku)}";

    public sealed record Exists(Guid ProductId) : IQuery<bool>;
    public sealed record Command(Guid ProductId, VariantForm Form, int OpeningStock, string ActorId) : ICommand<Outcome>;

    internal sealed class Handler(CatalogDbContext db, TimeProvider clock, CatalogCache cache) : IQueryHandler<Exists, bool>, ICommandHandler<Command, Outcome>
    {
        public async ValueTask<bool> Handle(Exists query, CancellationToken ct) => await db.Products.AnyAsync(p => p.Id == query.ProductId, ct);

        public async ValueTask<Outcome> Handle(Command command, CancellationToken ct)
        {
            var product = await db.Products.Include(p => p.Variants).SingleOrDefaultAsync(p => p.Id == command.ProductId, ct);
            if (product is null) return Refusal.Invalid("That product no longer exists.", SkuField);
            var f = command.Form;
            var sku = f.Sku.Trim().ToUpperInvariant();
            if (await db.Variants.AnyAsync(v => v.Sku == sku, ct)) return Refusal.Invalid($"The SKU {sku} is already used by another option.", SkuField);
            var variant = new Variant
            {
                Name = f.Name.Trim(), Sku = sku, WeightGrams = f.WeightGrams, TrackStock = f.TrackStock, AllowBackorder = f.AllowBackorder,
                LowStockThreshold = f.LowStockThreshold, OnHand = command.OpeningStock,
                Position = product.Variants.Count == 0 ? 1 : product.Variants.Max(v => v.Position) + 1,
            };
            variant.SetPrices(f.Price, f.CompareAtPrice);
            product.Variants.Add(variant);
            // Added explicitly: a child with a preset key found only through the navigation would be taken for an existing row.
            db.Variants.Add(variant);
            var now = clock.GetUtcNow();
            product.Refresh(now);
            if (command.OpeningStock > 0)
                db.StockMovements.Add(new StockMovement
                {
                    VariantId = variant.Id, Kind = StockMovementKind.Received, OnHandDelta = command.OpeningStock,
                    Reason = "Opening stock", Actor = command.ActorId, At = now,
                });
            AuditTrail.Record(db, now, command.ActorId, AuditAreas.Catalog, "variant.created", "Variant", variant.Id.ToString(),
                after: new { ProductId = product.Id, sku, variant.Price, command.OpeningStock });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (UniqueViolation.Is(ex, out _))
            {
                return Refusal.Invalid($"The SKU {sku} was taken by another option a moment ago.", SkuField);
            }
            await cache.EvictProductAsync(product.Slug, ct);
            return Outcome.Done;
        }
    }
}
