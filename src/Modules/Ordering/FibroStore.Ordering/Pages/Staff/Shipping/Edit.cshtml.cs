using System.ComponentModel.DataAnnotations;
using FibroStore.Ordering.Checkout;
using FibroStore.SharedKernel.Clustering;
using Npgsql;

namespace FibroStore.Ordering.Pages.Staff.Shipping;

/// <summary>Adds a shipping option (no id) or edits one. Options are made inactive, never deleted.</summary>
public sealed class EditShippingOption(IMediator mediator) : PageModel
{
    [BindProperty] public ShippingForm Input { get; set; } = new();

    public bool IsNew { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        IsNew = id is null;
        if (id is { } existing)
        {
            var form = await mediator.Send(new Load(existing), ct);
            if (form is null) return NotFound();
            Input = form;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        IsNew = id is null;
        if (Input.FreeOver is not null && Input.FreeOver <= 0)
            ModelState.AddModelError("Input.FreeOver", "Leave \"free over\" empty, or give an amount above zero.");
        if (!ModelState.IsValid) return Page();
        var outcome = await mediator.Send(new Save(id, Input, User.StaffId()), ct);
        if (!outcome.IsDone)
            return this.Refuse(outcome.Refusal);
        return Redirect("/staff/shipping?saved=true");
    }

    public sealed class ShippingForm
    {
        [Required(ErrorMessage = "Give the option a name shoppers will recognise."), StringLength(ShippingOption.NameMaxLength, ErrorMessage = "Keep the name under {1} characters.")]
        public string? Name { get; set; }

        [StringLength(300, ErrorMessage = "Keep the description under {1} characters.")]
        public string? Description { get; set; }

        [Required(ErrorMessage = "Give a price (0 for free)."), Range(typeof(decimal), "0", "100000", ErrorMessage = "The price is between 0 and 100000.")]
        public decimal? Price { get; set; }

        [Range(typeof(decimal), "0", "1000000", ErrorMessage = "\"Free over\" is between 0 and 1000000."), Display(Name = "Free when the basket reaches")]
        public decimal? FreeOver { get; set; }

        [Range(0, 1000, ErrorMessage = "The position is a whole number from 0 to 1000.")]
        public int Position { get; set; }

        [Display(Name = "Offered to shoppers (active)")]
        public bool IsActive { get; set; } = true;
    }

    internal sealed record Load(Guid Id) : IQuery<ShippingForm?>;
    internal sealed record Save(Guid? Id, ShippingForm Form, string ActorId) : ICommand<Outcome>;

    internal sealed class Handler(OrderingDbContext db, TimeProvider clock, IPageCache pageCache, IClusterSignals signals,
        SignalledCache<IReadOnlyList<ShippingOption>> activeShipping)
        : IQueryHandler<Load, ShippingForm?>, ICommandHandler<Save, Outcome>
    {
        public async ValueTask<ShippingForm?> Handle(Load query, CancellationToken ct) =>
            await db.ShippingOptions.AsNoTracking().Where(s => s.Id == query.Id)
                .Select(s => new ShippingForm { Name = s.Name, Description = s.Description, Price = s.Price, FreeOver = s.FreeOver, Position = s.Position, IsActive = s.IsActive })
                .SingleOrDefaultAsync(ct);

        public async ValueTask<Outcome> Handle(Save command, CancellationToken ct)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // The active options are locked while one may be switched off, so two people switching off the last two at
            // once take turns and the second sees that only one is left.
            var active = await db.ShippingOptions.FromSqlRaw("SELECT * FROM ordering.shipping_options WHERE is_active FOR UPDATE")
                .Select(s => s.Id).ToListAsync(ct);
            ShippingOption option;
            object? before = null;
            if (command.Id is { } id)
            {
                var found = await db.ShippingOptions.SingleOrDefaultAsync(s => s.Id == id, ct);
                if (found is null) return Refusal.NotFound("That shipping option is not there any more. Go back to the list of shipping options.");
                option = found;
                before = Snapshot(option);
            }
            else
            {
                option = new ShippingOption { Id = Guid.CreateVersion7() };
                db.ShippingOptions.Add(option);
            }
            var f = command.Form;
            if (!f.IsActive && active.All(a => a == option.Id))
                return Refusal.Invalid("At least one shipping option must stay active, or nobody could check out. Add or switch on another option first.", "Input.IsActive");
            option.Name = f.Name!.Trim();
            option.Description = string.IsNullOrWhiteSpace(f.Description) ? null : f.Description.Trim();
            option.Price = f.Price!.Value;
            option.FreeOver = f.FreeOver;
            option.Position = f.Position;
            option.IsActive = f.IsActive;
            AuditTrail.Record(db, clock.GetUtcNow(), command.ActorId, AuditAreas.Orders, command.Id is null ? "shipping-option.created" : "shipping-option.updated",
                "ShippingOption", option.Id.ToString(), before, Snapshot(option));
            await db.SaveChangesAsync(ct);
            // Every instance's copy of the active options goes when this commits.
            await signals.PublishAsync((NpgsqlConnection)db.Database.GetDbConnection(), ActiveShippingOptions.SignalTopic, option.Id.ToString(), ct);
            await tx.CommitAsync(ct);
            activeShipping.Drop();
            // Product pages show delivery prices in their structured data.
            await pageCache.EvictAsync(ProductPageCacheTags.DeliveryOptions, ct);
            return Outcome.Done;
        }

        private static object Snapshot(ShippingOption o) => new { o.Name, o.Price, o.FreeOver, o.Position, o.IsActive };
    }
}
