using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace FibroStore.Ordering.Pages.Staff.Discounts;

/// <summary>Adds a discount code (no id) or edits one. Dates are typed and shown in the store's time zone.</summary>
public sealed class EditDiscountCode(IMediator mediator) : PageModel
{
    [BindProperty] public DiscountForm Input { get; set; } = new();

    public bool IsNew { get; private set; }
    public int TimesUsed { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        IsNew = id is null;
        if (id is { } existing)
        {
            var found = await mediator.Send(new Load(existing), ct);
            if (found is null) return NotFound();
            (Input, TimesUsed) = found.Value;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        IsNew = id is null;
        var kind = Input.ParsedKind;
        if (kind is null)
            ModelState.AddModelError("Input.Kind", "Choose a percentage or an amount off.");
        if (kind == DiscountKind.Percent && Input.Value is < 1 or > 100)
            ModelState.AddModelError("Input.Value", "A percentage is from 1 to 100.");
        if (kind == DiscountKind.Amount && Input.Value is <= 0)
            ModelState.AddModelError("Input.Value", "An amount off is above zero.");
        if (Input.StartsAt is { } start && Input.EndsAt is { } end && end <= start)
            ModelState.AddModelError("Input.EndsAt", "The end must be after the start.");
        if (!string.IsNullOrWhiteSpace(Input.Code) && !DiscountForm.IsValidCode(DiscountCode.Normalize(Input.Code)))
            ModelState.AddModelError("Input.Code", "Use letters, digits and dashes only, such as SPRING-10.");
        if (ModelState.IsValid)
        {
            var outcome = await mediator.Send(new Save(id, Input, User.StaffId()), ct);
            if (outcome.IsDone) return Redirect("/staff/discounts?saved=true");
            this.Show(outcome.Refusal);
        }
        return await ShowAgainAsync(id, ct);
    }

    /// <summary>The form as typed, with the code's use count (which the form does not carry) read again; "not found" when the code is gone.</summary>
    private async Task<IActionResult> ShowAgainAsync(Guid? id, CancellationToken ct)
    {
        if (id is { } existing)
        {
            var found = await mediator.Send(new Load(existing), ct);
            if (found is null) return NotFound();
            TimesUsed = found.Value.TimesUsed;
        }
        return Page();
    }

    public sealed class DiscountForm
    {
        [Required(ErrorMessage = "Type the code shoppers will enter."), StringLength(DiscountCode.CodeMaxLength, ErrorMessage = "Keep the code under {1} characters.")]
        public string? Code { get; set; }

        /// <summary>"Percent" or "Amount", as <see cref="DiscountKind"/> names them.</summary>
        public string? Kind { get; set; } = nameof(DiscountKind.Percent);

        internal DiscountKind? ParsedKind => Enum.TryParse<DiscountKind>(Kind, ignoreCase: false, out var k) && Enum.IsDefined(k) ? k : null;

        [Required(ErrorMessage = "Give the percentage or the amount off."), Range(typeof(decimal), "0", "100000", ErrorMessage = "The value is between 0 and 100000.")]
        public decimal? Value { get; set; }

        [Range(typeof(decimal), "0.01", "1000000", ErrorMessage = "Leave the minimum basket empty, or give an amount above zero."), Display(Name = "Minimum basket")]
        public decimal? MinimumSubtotal { get; set; }

        [Display(Name = "Starts")]
        public DateTime? StartsAt { get; set; }

        [Display(Name = "Ends")]
        public DateTime? EndsAt { get; set; }

        [Range(1, 1_000_000, ErrorMessage = "Leave the usage limit empty, or give a whole number of 1 or more."), Display(Name = "Usage limit")]
        public int? UsageLimit { get; set; }

        [Display(Name = "Active")]
        public bool IsActive { get; set; } = true;

        internal static bool IsValidCode(string code) => code.Length > 0 && code.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
    }

    internal sealed record Load(Guid Id) : IQuery<(DiscountForm Form, int TimesUsed)?>;
    internal sealed record Save(Guid? Id, DiscountForm Form, string ActorId) : ICommand<Outcome>;

    internal sealed class Handler(OrderingDbContext db, ISiteSettings siteSettings, TimeProvider clock) :
        IQueryHandler<Load, (DiscountForm Form, int TimesUsed)?>, ICommandHandler<Save, Outcome>
    {
        public async ValueTask<(DiscountForm Form, int TimesUsed)?> Handle(Load query, CancellationToken ct)
        {
            var d = await db.DiscountCodes.AsNoTracking().SingleOrDefaultAsync(x => x.Id == query.Id, ct);
            if (d is null) return null;
            var zone = (await siteSettings.GetAsync(ct)).TimeZone;
            return (new DiscountForm
            {
                Code = d.Code, Kind = d.Kind.ToString(), Value = d.Value, MinimumSubtotal = d.MinimumSubtotal, UsageLimit = d.UsageLimit, IsActive = d.IsActive,
                StartsAt = d.StartsAt is { } s ? ZonedTime.Local(s, zone) : null,
                EndsAt = d.EndsAt is { } e ? ZonedTime.Local(e, zone) : null,
            }, d.TimesUsed);
        }

        public async ValueTask<Outcome> Handle(Save command, CancellationToken ct)
        {
            var f = command.Form;
            var code = DiscountCode.Normalize(f.Code!);
            DiscountCode discount;
            object? before = null;
            var now = clock.GetUtcNow();
            if (command.Id is { } id)
            {
                var found = await db.DiscountCodes.SingleOrDefaultAsync(d => d.Id == id, ct);
                if (found is null) return Refusal.NotFound("That discount code is not there any more. Go back to the list of discount codes.");
                discount = found;
                before = Snapshot(discount);
            }
            else
            {
                discount = new DiscountCode { Id = Guid.CreateVersion7(), CreatedAt = now };
                db.DiscountCodes.Add(discount);
            }
            if (await db.DiscountCodes.AnyAsync(d => d.Code == code && d.Id != discount.Id, ct))
                return Taken(code);
            var zone = (await siteSettings.GetAsync(ct)).TimeZone;
            discount.Code = code;
            discount.Kind = f.ParsedKind!.Value;
            discount.Value = f.Value!.Value;
            discount.MinimumSubtotal = f.MinimumSubtotal;
            discount.StartsAt = f.StartsAt is { } s ? ZonedTime.ToUtc(s, zone) : null;
            discount.EndsAt = f.EndsAt is { } e ? ZonedTime.ToUtc(e, zone) : null;
            discount.UsageLimit = f.UsageLimit;
            discount.IsActive = f.IsActive;
            AuditTrail.Record(db, now, command.ActorId, AuditAreas.Orders, command.Id is null ? "discount-code.created" : "discount-code.updated",
                "DiscountCode", discount.Id.ToString(), before, Snapshot(discount));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Someone saved the same code a moment ago, between the check above and this save.
                return Taken(code);
            }
            return Outcome.Done;
        }

        private static Refusal Taken(string code) =>
            Refusal.Invalid($"There is already a discount code {code}. Choose another code, or edit that one.", "Input.Code");

        private static object Snapshot(DiscountCode d) =>
            new { d.Code, Kind = d.Kind.ToString(), d.Value, d.MinimumSubtotal, d.StartsAt, d.EndsAt, d.UsageLimit, d.IsActive };
    }
}
