using FibroStore.BackOffice.Dashboard;
using FibroStore.Catalog.Contracts;
using FibroStore.Editorial.Contracts;
using FibroStore.Ordering.Contracts;
using FibroStore.SharedKernel.Data;
using FibroStore.Subscribers.Contracts;

namespace FibroStore.BackOffice.Pages.Staff;

public sealed partial class StaffHome
{
    internal const int TopCount = 5;

    internal sealed record LoadSales(Period Period) : IQuery<DashboardPart>;
    internal sealed record LoadReaders(Period Period) : IQuery<DashboardPart>;
    internal sealed record LoadShopLeads(Period Period) : IQuery<DashboardPart>;
    internal sealed record LoadParked : IQuery<DashboardPart>;

    /// <summary>Revenue, orders, refunds and stock: Merchandisers and Admins.</summary>
    internal sealed class SalesHandler(IOrderFigures orders, ICatalogFigures catalog, ICheckoutAlerts checkouts) : IQueryHandler<LoadSales, DashboardPart>
    {
        public async ValueTask<DashboardPart> Handle(LoadSales query, CancellationToken ct)
        {
            var period = query.Period;
            var now = await orders.GetSalesAsync(period.From, period.To, period.Zone, ct);
            var before = await orders.GetSalesAsync(period.Previous.From, period.Previous.To, period.Zone, ct);
            var top = await orders.GetTopProductsAsync(period.From, period.To, TopCount, ct);
            var awaitingShipment = await orders.CountAwaitingShipmentAsync(ct);
            var lowStock = await catalog.CountLowStockVariantsAsync(ct);
            var alerts = await checkouts.GetAsync(ct);
            string Money(decimal amount) => Figures.Money(amount, now.Currency);

            var days = Days(period).Select(d => now.Days.FirstOrDefault(s => s.Day == d) ?? new DailySales(d, 0, 0, 0)).ToList();
            return new DashboardPart(
                [
                    new Headline("Revenue", Money(now.Revenue), Figures.Compare(now.Revenue, before.Revenue, Money(before.Revenue), period)),
                    new Headline("Paid orders", Figures.Count(now.PaidOrders), Figures.Compare(now.PaidOrders, before.PaidOrders, Figures.Count(before.PaidOrders), period)),
                    new Headline("Average order value", Money(now.AverageOrderValue), Figures.Compare(now.AverageOrderValue, before.AverageOrderValue, Money(before.AverageOrderValue), period)),
                    new Headline("Refunds", Money(now.Refunds), Figures.Compare(now.Refunds, before.Refunds, Money(before.Refunds), period)),
                ],
                [
                    new Chart("chart-revenue", "Revenue per day", $"Revenue per day, {Money(now.Revenue)} in all.", ChartKind.Columns, "Day", "Revenue",
                        days.Select(d => new ChartPoint(Figures.DayLabel(d.Day), d.Revenue, Money(d.Revenue))).ToList()),
                    new Chart("chart-orders", "Paid orders per day", $"Paid orders per day, {Figures.Count(now.PaidOrders)} in all.", ChartKind.Columns, "Day", "Paid orders",
                        days.Select(d => new ChartPoint(Figures.DayLabel(d.Day), d.PaidOrders, Figures.Count(d.PaidOrders))).ToList()),
                    new Chart("chart-top-products", "Top products by revenue", Ranked(top.Select(t => t.Name)), ChartKind.Ranking, "Product", "Revenue",
                        top.Select(t => new ChartPoint(t.Name, t.Revenue, Money(t.Revenue))).ToList()),
                ],
                [
                    new TodoItem(Plural(awaitingShipment, "order paid and not shipped", "orders paid and not shipped"), awaitingShipment, "/staff/orders?status=paid"),
                    new TodoItem(Plural(lowStock, "product option low on stock", "product options low on stock"), lowStock, "/staff/catalog/low-stock"),
                    new TodoItem(Plural(alerts.VariantsMostlyHeld, "product option more than half held by open payment pages", "product options more than half held by open payment pages"),
                        alerts.VariantsMostlyHeld, "/staff/orders/checkouts"),
                    new TodoItem(Plural(alerts.RefusedPayments, "payment refused in the last 30 days because it did not match its checkout", "payments refused in the last 30 days because they did not match their checkouts"),
                        alerts.RefusedPayments, "/staff/orders/checkouts"),
                ]);
        }
    }

    /// <summary>Subscribers, article views and replies: Editors and Admins.</summary>
    internal sealed class ReadersHandler(ISubscriberFigures subscribers, IArticleFigures articles, TimeProvider clock)
        : IQueryHandler<LoadReaders, DashboardPart>
    {
        public async ValueTask<DashboardPart> Handle(LoadReaders query, CancellationToken ct)
        {
            var period = query.Period;
            var list = await subscribers.GetAsync(period.From, period.To, period.Zone, ct);
            var listBefore = await subscribers.GetAsync(period.Previous.From, period.Previous.To, period.Zone, ct);
            var views = await articles.GetViewsAsync(period.First, period.End, ct);
            var viewsBefore = (await articles.GetViewsAsync(period.Previous.First, period.Previous.End, ct)).Sum(v => v.Views);
            var totalViews = views.Sum(v => v.Views);
            var replies = await articles.CountNewRepliesAsync(period.From, period.To, ct);
            var repliesBefore = await articles.CountNewRepliesAsync(period.Previous.From, period.Previous.To, ct);
            var topArticles = await articles.GetTopByViewsAsync(period.First, period.End, TopCount, ct);
            var awaitingModeration = await articles.CountRepliesAwaitingModerationAsync(ct);
            var now = clock.GetUtcNow();
            var scheduled = await articles.CountScheduledAsync(now, now.AddDays(7), ct);
            var failed = await subscribers.CountFailedDeliveriesAsync(now.AddDays(-30), ct);

            return new DashboardPart(
                [
                    new Headline("New subscribers", Figures.Count(list.Joined), Figures.Compare(list.Joined, listBefore.Joined, Figures.Count(listBefore.Joined), period)),
                    new Headline("Unsubscribes", Figures.Count(list.Unsubscribed), Figures.Compare(list.Unsubscribed, listBefore.Unsubscribed, Figures.Count(listBefore.Unsubscribed), period)),
                    new Headline("Article views", Figures.Count(totalViews), Figures.Compare(totalViews, viewsBefore, Figures.Count(viewsBefore), period)),
                    new Headline("New replies", Figures.Count(replies), Figures.Compare(replies, repliesBefore, Figures.Count(repliesBefore), period)),
                ],
                [
                    new Chart("chart-subscribers", "Subscribers on the list", ListSummary(list), ChartKind.Line, "Day", "Subscribers",
                        list.Days.Select(d => new ChartPoint(Figures.DayLabel(d.Day), d.ListSize, Figures.Count(d.ListSize))).ToList()),
                    new Chart("chart-views", "Article views per day", $"Article views per day, {Figures.Count(totalViews)} in all.", ChartKind.Columns, "Day", "Views",
                        views.Select(v => new ChartPoint(Figures.DayLabel(v.Day), v.Views, Figures.Count(v.Views))).ToList()),
                    new Chart("chart-top-articles", "Top articles by views", Ranked(topArticles.Select(a => a.Title)), ChartKind.Ranking, "Article", "Views",
                        topArticles.Select(a => new ChartPoint(a.Title, a.Count, Figures.Count(a.Count))).ToList()),
                ],
                [
                    new TodoItem(Plural(awaitingModeration, "reply waiting for moderation", "replies waiting for moderation"), awaitingModeration, "/staff/replies"),
                    new TodoItem(Plural(failed, "newsletter email failed in the last 30 days", "newsletter emails failed in the last 30 days"), failed, "/staff/subscribers/campaigns"),
                    new TodoItem(Plural(scheduled, "article scheduled for the next 7 days", "articles scheduled for the next 7 days"), scheduled, "/staff/articles"),
                ]);
        }

        private static string ListSummary(SubscriberSummary list) => list.Days.Count == 0 ? "No days in this period."
            : $"{Plural(list.Days[^1].ListSize, "subscriber", "subscribers")} at the end of the period, {Figures.Count(list.Joined)} joined and {Figures.Count(list.Unsubscribed)} unsubscribed.";
    }

    /// <summary>Which articles led readers to the shop: for everyone on staff, since both writers and merchandisers act on it.</summary>
    internal sealed class ShopLeadsHandler(IArticleFigures articles) : IQueryHandler<LoadShopLeads, DashboardPart>
    {
        public async ValueTask<DashboardPart> Handle(LoadShopLeads query, CancellationToken ct)
        {
            var leads = await articles.GetTopByProductClicksAsync(query.Period.First, query.Period.End, TopCount, ct);
            return new DashboardPart([],
                [
                    new Chart("chart-shop-leads", "Articles that led readers to the shop", Ranked(leads.Select(a => a.Title)),
                        ChartKind.Ranking, "Article", "Product card clicks",
                        leads.Select(a => new ChartPoint(a.Title, a.Count, Figures.Count(a.Count))).ToList()),
                ], []);
        }
    }

    /// <summary>Background messages parked after failing: Admins, who can retry them.</summary>
    internal sealed class ParkedHandler(IParkedMessages parked) : IQueryHandler<LoadParked, DashboardPart>
    {
        public async ValueTask<DashboardPart> Handle(LoadParked query, CancellationToken ct)
        {
            var count = await parked.CountAsync(ct);
            return new DashboardPart([], [],
                [new TodoItem(Plural(count, "background message on hold after failing", "background messages on hold after failing"), (int)Math.Min(count, int.MaxValue), "/staff/messages")]);
        }
    }

    private static IEnumerable<DateOnly> Days(Period period)
    {
        for (var day = period.First; day <= period.Last; day = day.AddDays(1))
            yield return day;
    }

    private static string Ranked(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 0 ? "Nothing to show for this period." : $"Highest first: {string.Join("; ", list)}.";
    }

    private static string Plural(long n, string one, string many) => $"{Figures.Count(n)} {(n == 1 ? one : many)}";
}
