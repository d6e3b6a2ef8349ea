using System.ComponentModel.DataAnnotations;
using FibroStore.Catalog.Stock;

namespace FibroStore.Catalog.Pages.Staff.Catalog.Variants;

/// <summary>One option of a product: its price and flags, stock adjustments with a reason, and its ledger.</summary>
public sealed class EditVariant(IMediator mediator) : PageModel
{
    [BindProperty] public VariantForm Variant { get; set; } = new();
    [BindProperty] public bool Archived { get; set; }
    [BindProperty] public StockChange Change { get; set; } = new();

    public Details? Current { get; private set; }
    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, bool saved, CancellationToken ct)
    {
        if (!await LoadAsync(id, true, ct)) return NotFound();
        Notice = saved ? "Saved." : null;
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid id, CancellationToken ct)
    {
        // The stock form is not posted with this one, so its fields bind without their prefix ("Reason", not "Change.Reason"):
        // keep only this form's own keys.
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith("Variant.", StringComparison.Ordinal) && k != nameof(Archived)).ToList()) ModelState.Remove(key);
        if (Domain.Variant.CheckPrices(Variant.Price, Variant.CompareAtPrice) is { } priceProblem)
            ModelState.AddModelError("Variant.Price", priceProblem);
        if (ModelState.IsValid)
        {
            var outcome = await mediator.Send(new Save(id, Variant, Archived, Actor), ct);
            if (outcome.IsDone) return Redirect($"/staff/catalog/variants/{id}?saved=true");
            this.Show(outcome.Refusal);
        }
        return await LoadAsync(id, false, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAdjustAsync(Guid id, CancellationToken ct)
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith("Change.", StringComparison.Ordinal)).ToList()) ModelState.Remove(key);
        if (Change.Quantity == 0) ModelState.AddModelError("Change.Quantity", "Enter how many units came in (positive) or went out (negative).");
        if (ModelState.IsValid)
        {
            var outcome = await mediator.Send(new Adjust(id, Change, Actor), ct);
            if (outcome.IsDone) return Redirect($"/staff/catalog/variants/{id}?saved=true");
            this.Show(outcome.Refusal);
        }
        return await LoadAsync(id, true, ct) ? Page() : NotFound();
    }

    private string Actor => User.StaffId();

    private async Task<bool> LoadAsync(Guid id, bool fillForm, CancellationToken ct)
    {
        Current = await mediator.Send(new Load(id), ct);
        if (Current is null) return false;
        if (fillForm)
        {
            Variant = Current.Form;
            Archived = Current.Archived;
        }
        return true;
    }

    public sealed class StockChange
    {
        [Range(-Domain.Variant.MaxStockChange, Domain.Variant.MaxStockChange)] public int Quantity { get; set; }
        [Required] public string Kind { get; set; } = nameof(StockMovementKind.Received);
        [Required(ErrorMessage = "Say why the stock changed (for example: delivery from supplier, damaged, stock count)."), StringLength(StockMovement.MaxReasonLength)]
        public string Reason { get; set; } = "";
    }

    public sealed record LedgerRow(DateTimeOffset At, string Kind, int OnHandDelta, int ReservedDelta, string Reason, string Actor);
    public sealed record Details(Guid ProductId, string ProductName, VariantForm Form, bool Archived, int OnHand, int Reserved, IReadOnlyList<LedgerRow> Ledger);

    public sealed record Load(Guid Id) : IQuery<Details?>;
    public sealed record Save(Guid Id, VariantForm Form, bool Archived, string ActorId) : ICommand<Outcome>;
    public sealed record Adjust(Guid Id, StockChange Change, string ActorId) : ICommand<Outcome>;

    private const string QuantityField = $"{nameof(Change)}.{nameof(StockChange.Quantity)}";

    internal static readonly StockMovementKind[] StaffKinds = [StockMovementKind.Received, StockMovementKind.Adjusted, StockMovementKind.Returned];

    internal sealed class Handler(CatalogDbContext db, TimeProvider clock, CatalogCache cache, StockLedger ledger) :
        IQueryHandler<Load, Details?>, ICommandHandler<Save, Outcome>, ICommandHandler<Adjust, Outcome>
    {
        public async ValueTask<Details?> Handle(Load query, CancellationToken ct)
        {
            var v = await db.Variants.AsNoTracking().Include(x => x.Product).SingleOrDefaultAsync(x => x.Id == query.Id, ct);
            if (v is null) return null;
            var rows = await db.StockMovements.AsNoTracking().Where(m => m.VariantId == query.Id)
                .OrderByDescending(m => m.Id).Take(100)
                .Select(m => new LedgerRow(m.At, m.Kind.ToString(), m.OnHandDelta, m.ReservedDelta, m.Reason, m.Actor))
                .ToListAsync(ct);
            var form = new VariantForm
            {
                Name = v.Name, Sku = v.Sku, Price = v.Price, CompareAtPrice = v.CompareAtPrice, WeightGrams = v.WeightGrams,
                TrackStock = v.TrackStock, AllowBackorder = v.AllowBackorder, LowStockThreshold = v.LowStockThreshold,
            };
            return new Details(v.ProductId, v.Product.Name, form, v.IsArchived, v.OnHand, v.Reserved, rows);
        }

        public async ValueTask<Outcome> Handle(Save command, CancellationToken ct)
        {
            var variant = await db.Variants.Include(v => v.Product).ThenInclude(p => p.Variants).SingleOrDefaultAsync(v => v.Id == command.Id, ct);
            if (variant is null) return Refusal.NotFound("That option no longer exists.");
            var f = command.Form;
            var sku = f.Sku.Trim().ToUpperInvariant();
            if (sku != variant.Sku && await db.Variants.AnyAsync(v => v.Sku == sku, ct))
                return Refusal.Invalid($"The SKU {sku} is already used by another option.");
            if (!f.AllowBackorder && f.TrackStock && variant.Reserved > variant.OnHand)
                return Refusal.Invalid("More units are held for checkouts than are on hand, so backorder cannot be switched off until stock arrives.");
            var before = new { variant.Sku, variant.Price, variant.CompareAtPrice, variant.IsArchived, variant.TrackStock, variant.AllowBackorder };
            variant.Name = f.Name.Trim();
            variant.Sku = sku;
            variant.SetPrices(f.Price, f.CompareAtPrice);
            variant.WeightGrams = f.WeightGrams;
            variant.TrackStock = f.TrackStock;
            variant.AllowBackorder = f.AllowBackorder;
            variant.LowStockThreshold = f.LowStockThreshold;
            variant.IsArchived = command.Archived;
            var now = clock.GetUtcNow();
            variant.Product.Refresh(now);
            AuditTrail.Record(db, now, command.ActorId, AuditAreas.Catalog, "variant.updated", "Variant", variant.Id.ToString(), before,
                new { variant.Sku, variant.Price, variant.CompareAtPrice, variant.IsArchived, variant.TrackStock, variant.AllowBackorder });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (UniqueViolation.Is(ex, out _))
            {
                return Refusal.Invalid($"The SKU {sku} was taken by another option a moment ago.");
            }
            await cache.EvictProductAsync(variant.Product.Slug, ct);
            return Outcome.Done;
        }

        public async ValueTask<Outcome> Handle(Adjust command, CancellationToken ct)
        {
            if (!Enum.TryParse<StockMovementKind>(command.Change.Kind, out var kind) || !StaffKinds.Contains(kind))
                return Refusal.Invalid("Choose received, adjusted or returned.", QuantityField);
            var slug = await db.Variants.Where(v => v.Id == command.Id).Select(v => v.Product.Slug).SingleOrDefaultAsync(ct);
            if (slug is null) return Refusal.NotFound("That option no longer exists.", QuantityField);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var reason = command.Change.Reason.Trim();
            if (!await ledger.TryAdjustOnHandAsync(command.Id, command.Change.Quantity, kind, reason, command.ActorId, ct))
                return Refusal.Invalid("That would leave fewer units on hand than zero, or fewer than are held for checkouts. Check the count and try again.", QuantityField);
            AuditTrail.Record(db, clock.GetUtcNow(), command.ActorId, AuditAreas.Catalog, "stock.adjusted", "Variant", command.Id.ToString(),
                after: new { command.Change.Quantity, Kind = kind.ToString(), Reason = reason });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            await cache.EvictProductAsync(slug, ct);
            return Outcome.Done;
        }
    }
}
