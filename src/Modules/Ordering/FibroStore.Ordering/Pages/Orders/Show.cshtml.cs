using FibroStore.BackOffice.Contracts;
using FibroStore.Ordering.Carts;
using FibroStore.Ordering.Data;
using FibroStore.Ordering.Domain;
using FibroStore.Ordering.Fulfillment;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FibroStore.Ordering.Pages.Orders;

/// <summary>
/// One order, for the customer who placed it, or for anyone holding the signed link from its emails (guests).
/// Anyone else gets the same "not found" as for a number that does not exist, so numbers reveal nothing.
/// </summary>
[AllowAnonymous]
public sealed class ShowOrderPage(IMediator mediator, ISiteSettings siteSettings) : PageModel
{
    internal Order? Order { get; private set; }
    internal string? TrackingUrl { get; private set; }
    internal TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public async Task<IActionResult> OnGetAsync(string number, string? t, CancellationToken ct)
    {
        Order = await mediator.Send(new Query(number, t, CartStore.CustomerId(User)), ct);
        if (Order is null)
            return NotFound();
        TrackingUrl = Carriers.TrackingUrl(Order.Carrier, Order.TrackingNumber);
        Zone = (await siteSettings.GetAsync(ct)).TimeZone;
        return Page();
    }

    internal sealed record Query(string Number, string? Token, string? CustomerId) : IQuery<Order?>;

    internal sealed class Handler(OrderingDbContext db, OrderLinks links) : IQueryHandler<Query, Order?>
    {
        public async ValueTask<Order?> Handle(Query query, CancellationToken ct)
        {
            if (Order.ParseNumber(query.Number) is not { } number)
                return null;
            var order = await db.Orders.AsNoTracking().AsSplitQuery().Include(o => o.History).SingleOrDefaultAsync(o => o.Number == number, ct);
            if (order is null)
                return null;
            var mine = query.CustomerId is not null && order.CustomerId == query.CustomerId;
            return mine || links.IsValidToken(order, query.Token) ? order : null;
        }
    }
}
