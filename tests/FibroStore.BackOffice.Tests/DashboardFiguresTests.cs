using FibroStore.BackOffice.Dashboard;
using FibroStore.Editorial.Pages.Articles;
using FibroStore.SharedKernel;

namespace FibroStore.BackOffice.Tests;

/// <summary>Each headline figure against data the test creates, with periods cut at the store's midnight.</summary>
public sealed class DashboardFiguresTests : IAsyncLifetime
{
    private readonly DashboardStore store = new();

    public Task InitializeAsync() => store.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)store).DisposeAsync();

    private static DateOnly Today(TimeZoneInfo zone) => ZonedTime.DayOf(DateTimeOffset.UtcNow, zone);

    private async Task AddSubscriberEventAsync(string what, DateTimeOffset at, string status)
    {
        var id = Guid.NewGuid();
        var email = $"reader-{id:N}@example.org";
        await store.SqlAsync("""
            INSERT INTO subscribers.subscribers (id, email, normalized_email, status, preference, created_at, updated_at, confirmed_at)
            VALUES (@id, @email, @email, @status, 'EachArticle', @at, @at, @at);
            INSERT INTO subscribers.subscriber_events (subscriber_id, at, what) VALUES (@id, @at, @what);
            """, ("id", id), ("email", email), ("status", status), ("at", at), ("what", what));
    }

    [Fact]
    public async Task Subscribers_who_join_and_leave_count_on_the_day_of_the_stores_time_zone()
    {
        // UTC+14: the store's midnight is mid-morning the day before in UTC, so a UTC day would put these on the wrong side.
        var zone = await store.UseTimeZoneAsync("Pacific/Kiritimati");
        var midnight = ZonedTime.StartOfDay(Today(zone), zone);
        await AddSubscriberEventAsync("confirmed", midnight.AddSeconds(-1), "Confirmed");
        await AddSubscriberEventAsync("confirmed", midnight.AddHours(-3), "Confirmed");
        await AddSubscriberEventAsync("confirmed", midnight.AddSeconds(1), "Confirmed");
        await AddSubscriberEventAsync("unsubscribed", midnight.AddSeconds(2), "Unsubscribed");
        await AddSubscriberEventAsync("unsubscribed", midnight.AddDays(-2), "Unsubscribed");

        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        var html = await editor.GetPageAsync("/staff?period=today");

        Assert.Equal(("1", "Down 50% on the day before (2)"), Pages.Figure(html, "New subscribers"));
        Assert.Equal(("1", "Up from none the day before"), Pages.Figure(html, "Unsubscribes"));
        // Three confirmed subscribers on the list today, as the growth chart's only day.
        Assert.Equal([(Figures.DayLabel(Today(zone)), "3")], Pages.ChartData(html, "chart-subscribers"));
    }

    [Fact]
    public async Task Article_views_and_new_replies_count_within_the_period_and_the_one_before()
    {
        var zone = await store.UseTimeZoneAsync("Pacific/Pago_Pago");
        var today = Today(zone);
        var (articleId, slug) = await store.PublishArticleAsync("Pacing on a bad day");
        foreach (var (day, count) in new[] { (today, 5L), (today.AddDays(-1), 3L), (today.AddDays(-8), 100L) })
            await store.SqlAsync("INSERT INTO editorial.article_views (article_id, day, views) VALUES (@id, @day, @views)",
                ("id", articleId), ("day", day), ("views", count));
        var submitted = await store.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new ShowArticle.SubmitReply(
            slug, "Ann", "ann@example.org", null, "This helped me today.", null, false, store.IssueReplyStamp(), null, "203.0.113.9", null)).AsTask());
        Assert.IsType<ShowArticle.Submitted.Held>(submitted.Value);

        var (admin, _) = await store.SignInNewUserAsync(StaffRoles.Admin);
        var html = await admin.GetPageAsync("/staff?period=7d");

        Assert.Equal(("8", "Down 92% on the 7 days before (100)"), Pages.Figure(html, "Article views"));
        Assert.Equal(("1", "Up from none the 7 days before"), Pages.Figure(html, "New replies"));
        Assert.Equal([("Pacing on a bad day", "8")], Pages.ChartData(html, "chart-top-articles"));
        var views = Pages.ChartData(html, "chart-views");
        Assert.Equal(7, views.Count);
        Assert.Equal((Figures.DayLabel(today), "5"), views[^1]);
        Assert.Contains("<a href=\"/staff/replies\">1 reply waiting for moderation</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sales_figures_come_from_ordering_for_the_period_and_the_same_length_before()
    {
        var zone = await store.UseTimeZoneAsync("Pacific/Pago_Pago");
        var today = Today(zone);
        var currentFrom = ZonedTime.StartOfDay(today.AddDays(-6), zone);
        store.Orders.Sales = (from, _) => from == currentFrom
            ? new SalesSummary(120m, 3, 10m, "GBP", [new DailySales(today, 120m, 3, 10m)])
            : new SalesSummary(60m, 2, 0m, "GBP", []);
        store.Orders.Top = [new TopProduct("Gentle heat pad", 80m, 2), new TopProduct("Soft sleep mask", 40m, 4)];
        store.Orders.AwaitingShipment = 2;

        var (admin, _) = await store.SignInNewUserAsync(StaffRoles.Admin);
        var html = await admin.GetPageAsync("/staff?period=7d");

        Assert.Equal(("£120.00", "Up 100% on the 7 days before (£60.00)"), Pages.Figure(html, "Revenue"));
        Assert.Equal(("3", "Up 50% on the 7 days before (2)"), Pages.Figure(html, "Paid orders"));
        Assert.Equal(("£40.00", "Up 33% on the 7 days before (£30.00)"), Pages.Figure(html, "Average order value"));
        Assert.Equal(("£10.00", "Up from none the 7 days before"), Pages.Figure(html, "Refunds"));
        Assert.Equal([("Gentle heat pad", "£80.00"), ("Soft sleep mask", "£40.00")], Pages.ChartData(html, "chart-top-products"));
        Assert.Equal((Figures.DayLabel(today), "£120.00"), Pages.ChartData(html, "chart-revenue")[^1]);
        Assert.Contains("<a href=\"/staff/orders?status=paid\">2 orders paid and not shipped</a>", html, StringComparison.Ordinal);
        // Both periods start at the store's midnight (UTC-11), not UTC's.
        Assert.Contains((currentFrom, ZonedTime.StartOfDay(today.AddDays(1), zone), "Pacific/Pago_Pago"), store.Orders.Asked);
        Assert.Contains((ZonedTime.StartOfDay(today.AddDays(-13), zone), currentFrom, "Pacific/Pago_Pago"), store.Orders.Asked);
        Assert.Equal(11, (currentFrom.UtcDateTime - today.AddDays(-6).ToDateTime(TimeOnly.MinValue)).TotalHours);
    }

    [Fact]
    public async Task A_custom_period_is_shown_and_a_backwards_one_is_refused_with_a_reason()
    {
        var (admin, _) = await store.SignInNewUserAsync(StaffRoles.Admin);

        var (status, html) = await Pages.GetAsync(admin, "/staff?period=custom&from=2026-03-10&to=2026-03-01");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("The last day comes before the first day", html, StringComparison.Ordinal);

        html = await admin.GetPageAsync("/staff?period=custom&from=2026-03-01&to=2026-03-10");
        Assert.Contains("Showing Sunday 1 March 2026 to Tuesday 10 March 2026", html, StringComparison.Ordinal);
        Assert.Contains("compared with the 10 days before", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_chart_is_an_image_with_a_name_and_a_data_table_behind_a_toggle()
    {
        var (admin, _) = await store.SignInNewUserAsync(StaffRoles.Admin);
        var html = await admin.GetPageAsync("/staff");

        foreach (var id in new[] { "chart-revenue", "chart-orders", "chart-top-products", "chart-subscribers", "chart-views", "chart-top-articles", "chart-shop-leads" })
        {
            Assert.Contains($"<svg class=\"chart-svg\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"", html, StringComparison.Ordinal);
            Assert.Contains($"<title id=\"{id}-title\">", html, StringComparison.Ordinal);
        }
        Assert.Equal(7, html.Split("<details class=\"chart-data\">").Length - 1);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_part_that_fails_to_load_is_named_and_the_rest_of_the_page_still_shows()
    {
        store.Orders.Broken = true;
        var (admin, _) = await store.SignInNewUserAsync(StaffRoles.Admin);
        var html = await admin.GetPageAsync("/staff");

        Assert.Contains("These figures could not be loaded just now: Sales and stock.", html, StringComparison.Ordinal);
        Assert.False(Pages.HasFigure(html, "Revenue"));
        Assert.True(Pages.HasFigure(html, "Article views"));
    }
}
