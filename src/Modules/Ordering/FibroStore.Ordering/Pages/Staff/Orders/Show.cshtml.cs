using System.ComponentModel.DataAnnotations;
using FibroStore.Accounts.Contracts;

namespace FibroStore.Ordering.Pages.Staff.Orders;

/// <summary>
/// One order for staff: everything about it, internal notes, and the actions its status allows. Each action is its
/// own form and handler; a refused action shows the page again with the reason (400, or 409 when the card refund failed),
/// or the "not found" page when the order is not there.
/// </summary>
public sealed partial class ShowStaffOrder(IMediator mediator) : PageModel
{
    public const string OtherCarrier = "Other";

    internal static readonly Refusal NoSuchOrder = Refusal.NotFound("There is no order with that number.");

    internal Details? Current { get; private set; }
    public NoteForm Note { get; set; } = new();
    public ShipForm Ship { get; set; } = new();
    public RefundForm Refund { get; set; } = new();
    /// <summary>The amount a reviewed refund will return, for the confirmation button.</summary>
    public string? RefundToConfirm { get; private set; }
    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(string number, string? done, Guid? refund, CancellationToken ct)
    {
        if (!await LoadAsync(number, ct)) return NotFound();
        Notice = done switch
        {
            "noted" => "Note added.",
            "shipped" => "Marked as shipped. The customer has been emailed the tracking details.",
            "delivered" => "Marked as delivered.",
            "cancelled" => "Order cancelled and its stock released.",
            _ => null,
        };
        if (refund is { } refundId && Current!.Refunds.FirstOrDefault(r => r.Id == refundId) is { } r)
            Notice = RefundNotice(r);
        Refund = RefundRules.DefaultForm(Current!.Order, Current.Refunds);
        return Page();
    }

    public async Task<IActionResult> OnPostNoteAsync(string number, [Bind(Prefix = "Note")] NoteForm note, CancellationToken ct)
    {
        Note = note;
        if (ModelState.IsValid)
        {
            var outcome = await mediator.Send(new AddNote(number, note.Text!.Trim(), Actor), ct);
            if (outcome.IsDone) return Done(number, "noted");
            this.Show(outcome.Refusal);
        }
        return await ShowAgainAsync(number, ct);
    }

    public async Task<IActionResult> OnPostShipAsync(string number, [Bind(Prefix = "Ship")] ShipForm ship, CancellationToken ct)
    {
        Ship = ship;
        var carrier = ship.Carrier == OtherCarrier ? ship.OtherCarrierName?.Trim() : Carriers.Known.FirstOrDefault(c => c == ship.Carrier);
        if (ship.Carrier == OtherCarrier && string.IsNullOrEmpty(carrier))
            ModelState.AddModelError("Ship.OtherCarrierName", "Type the name of the carrier.");
        else if (carrier is null)
            ModelState.AddModelError("Ship.Carrier", "Choose a carrier from the list, or Other.");
        if (ModelState.IsValid)
        {
            var outcome = await mediator.Send(new MarkShipped(number, carrier!, ship.Tracking!.Trim(), Actor), ct);
            if (outcome.IsDone) return Done(number, "shipped");
            this.Show(outcome.Refusal);
        }
        return await ShowAgainAsync(number, ct);
    }

    public async Task<IActionResult> OnPostDeliverAsync(string number, CancellationToken ct)
    {
        var outcome = await mediator.Send(new MarkDelivered(number, Actor), ct);
        if (outcome.IsDone) return Done(number, "delivered");
        this.Show(outcome.Refusal);
        return await ShowAgainAsync(number, ct);
    }

    public async Task<IActionResult> OnPostCancelAsync(string number, CancellationToken ct)
    {
        var outcome = await mediator.Send(new CancelOrder(number, Actor), ct);
        if (outcome.IsDone) return Done(number, "cancelled");
        this.Show(outcome.Refusal);
        return await ShowAgainAsync(number, ct);
    }

    /// <summary>First step of a refund: works out the amount from the chosen lines and asks to confirm it.</summary>
    [RequiresRecentPassword]
    public async Task<IActionResult> OnPostReviewRefundAsync(string number, [Bind(Prefix = "Refund")] RefundForm refund, CancellationToken ct)
    {
        if (!await LoadAsync(number, ct)) return NotFound();
        Refund = refund;
        if (!ModelState.IsValid) return Page();
        var plan = RefundRules.Plan(Current!.Order, Current.Refunds, refund.Quantities, refund.Shipping);
        if (!plan.IsDone)
            return this.Refuse(plan.Refusal);
        RefundToConfirm = SharedKernel.Money.Format(plan.Value.Amount, Current.Order.Currency);
        return Page();
    }

    [RequiresRecentPassword]
    public async Task<IActionResult> OnPostRefundAsync(string number, [Bind(Prefix = "Refund")] RefundForm refund, CancellationToken ct)
    {
        Refund = refund;
        if (refund.RefundId == Guid.Empty) ModelState.AddModelError("", "This refund form is out of date. Reload the page and try again.");
        if (ModelState.IsValid)
        {
            var outcome = await mediator.Send(new RefundOrder(number, refund.RefundId, refund.Quantities, refund.Shipping, refund.Restock,
                refund.Reason!.Trim(), Actor), ct);
            if (outcome.IsDone)
                return Redirect($"/staff/orders/{Uri.EscapeDataString(number)}?refund={refund.RefundId}");
            this.Show(outcome.Refusal);
        }
        if (!await LoadAsync(number, ct)) return NotFound();
        return Page();
    }

    private string Actor => User.StaffId();

    private RedirectResult Done(string number, string what) => Redirect($"/staff/orders/{Uri.EscapeDataString(number)}?done={what}");

    /// <summary>The order as it is now, after a refused action; the "not found" page when it is not there.</summary>
    private async Task<IActionResult> ShowAgainAsync(string number, CancellationToken ct)
    {
        if (!await LoadAsync(number, ct)) return NotFound();
        Refund = RefundRules.DefaultForm(Current!.Order, Current.Refunds);
        return Page();
    }

    private async Task<bool> LoadAsync(string number, CancellationToken ct)
    {
        Current = await mediator.Send(new Load(number), ct);
        return Current is not null;
    }

    private string RefundNotice(OrderRefund r)
    {
        var amount = SharedKernel.Money.Format(r.Amount, Current!.Order.Currency);
        return r.Status switch
        {
            RefundStatus.Succeeded => $"Refunded {amount} to the card.{(r.Restock ? " The items are back in stock." : "")} The customer has been emailed.",
            RefundStatus.Failed => $"The refund of {amount} did not go through: {r.Failure}",
            _ => $"The refund of {amount} is being made. Reload this page in a moment to see that it went through.",
        };
    }

    public sealed class NoteForm
    {
        [Required(ErrorMessage = "Write the note first."), StringLength(Order.NoteMaxLength, ErrorMessage = "Keep a note under {1} characters.")]
        [Display(Name = "Internal note")]
        public string? Text { get; set; }
    }

    public sealed class ShipForm
    {
        [Required(ErrorMessage = "Choose the carrier.")]
        public string? Carrier { get; set; }

        [StringLength(60, ErrorMessage = "Keep the carrier's name under {1} characters.")]
        [Display(Name = "Other carrier's name")]
        public string? OtherCarrierName { get; set; }

        [Required(ErrorMessage = "Type the tracking number."), StringLength(Order.TrackingMaxLength, ErrorMessage = "A tracking number has at most {1} characters.")]
        [Display(Name = "Tracking number")]
        public string? Tracking { get; set; }
    }

    public sealed class RefundForm
    {
        /// <summary>Made when the form is shown; the same id in a second post means the same refund (a double click).</summary>
        public Guid RefundId { get; set; }

        /// <summary>Units to refund per order line position.</summary>
        public Dictionary<int, int> Quantities { get; set; } = [];

        public bool Shipping { get; set; }

        public bool Restock { get; set; }

        [Required(ErrorMessage = "Say why the order is being refunded (staff see this, the customer does not)."), StringLength(500, ErrorMessage = "Keep the reason under {1} characters.")]
        public string? Reason { get; set; }
    }

    internal sealed record Details(Order Order, IReadOnlyList<OrderRefund> Refunds, TimeZoneInfo Zone, string TimeZoneId, string? TrackingUrl);

    internal sealed record Load(string Number) : IQuery<Details?>;

    internal sealed class LoadHandler(OrderingDbContext db, ISiteSettings siteSettings) : IQueryHandler<Load, Details?>
    {
        public async ValueTask<Details?> Handle(Load query, CancellationToken ct)
        {
            if (Order.ParseNumber(query.Number) is not { } number) return null;
            var order = await db.Orders.AsNoTracking().AsSplitQuery().Include(o => o.History).Include(o => o.Notes)
                .SingleOrDefaultAsync(o => o.Number == number, ct);
            if (order is null) return null;
            var refunds = await db.Refunds.AsNoTracking().Where(r => r.OrderId == order.Id).OrderBy(r => r.CreatedAt).ToListAsync(ct);
            var settings = await siteSettings.GetAsync(ct);
            return new Details(order, refunds, settings.TimeZone, settings.TimeZoneId, Carriers.TrackingUrl(order.Carrier, order.TrackingNumber));
        }
    }
}
