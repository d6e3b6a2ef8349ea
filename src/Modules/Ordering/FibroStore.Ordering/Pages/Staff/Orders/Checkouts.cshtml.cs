using FibroStore.Ordering.Checkout;

namespace FibroStore.Ordering.Pages.Staff.Orders;

/// <summary>
/// What the staff home's checkout to-dos link to: stock mostly held by open payment pages, and payments the store
/// refused because they did not match their checkout (each refunded automatically).
/// </summary>
public sealed class CheckoutWatchPage(IMediator mediator, ISiteSettings siteSettings) : PageModel
{
    internal IReadOnlyList<HeldVariant> Held { get; private set; } = [];
    internal IReadOnlyList<RefusedPayment> Refused { get; private set; } = [];
    internal TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public async Task OnGetAsync(CancellationToken ct)
    {
        (Held, Refused) = await mediator.Send(new Query(), ct);
        Zone = (await siteSettings.GetAsync(ct)).TimeZone;
    }

    internal sealed record Query : IQuery<(IReadOnlyList<HeldVariant>, IReadOnlyList<RefusedPayment>)>;

    internal sealed class Handler(CheckoutWatch watch) : IQueryHandler<Query, (IReadOnlyList<HeldVariant>, IReadOnlyList<RefusedPayment>)>
    {
        public async ValueTask<(IReadOnlyList<HeldVariant>, IReadOnlyList<RefusedPayment>)> Handle(Query query, CancellationToken ct) =>
            (await watch.MostlyHeldAsync(ct), await watch.RefusedAsync(ct));
    }
}
