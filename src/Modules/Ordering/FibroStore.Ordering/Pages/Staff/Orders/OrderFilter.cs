namespace FibroStore.Ordering.Pages.Staff.Orders;

/// <summary>
/// The orders list's search and filters, shared by the page and its CSV export so the file holds exactly the
/// orders the list shows. Dates are whole days in the store's time zone, both ends included.
/// </summary>
internal sealed record OrderFilter(string? Search, OrderStatus? Status, DateOnly? From, DateOnly? To)
{
    public const int SearchMaxLength = 254;

    public IQueryable<Order> Apply(IQueryable<Order> orders, TimeZoneInfo zone)
    {
        if (Status is { } status) orders = orders.Where(o => o.Status == status);
        if (From is { } from)
        {
            var start = ZonedTime.StartOfDay(from, zone);
            orders = orders.Where(o => o.PlacedAt >= start);
        }
        if (To is { } to)
        {
            var end = ZonedTime.StartOfDay(to.AddDays(1), zone);
            orders = orders.Where(o => o.PlacedAt < end);
        }
        if (!string.IsNullOrWhiteSpace(Search))
        {
            var text = Search.Trim();
            // "FS-1001" and "1001" are order numbers; anything else is part of an email address or a name.
            if (Order.ParseNumber(text) is { } number)
                orders = orders.Where(o => o.Number == number);
            else
            {
                var pattern = LikePattern.Containing(text);
                orders = orders.Where(o => EF.Functions.ILike(o.Email, pattern) || (o.CustomerName != null && EF.Functions.ILike(o.CustomerName, pattern)));
            }
        }
        return orders;
    }
}
