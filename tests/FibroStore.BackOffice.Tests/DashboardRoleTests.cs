namespace FibroStore.BackOffice.Tests;

/// <summary>Each role sees only its part of the staff home.</summary>
public sealed class DashboardRoleTests(DashboardStore store) : IClassFixture<DashboardStore>
{
    private static readonly string[] Sales = ["Revenue", "Paid orders", "Average order value", "Refunds"];
    private static readonly string[] Readers = ["New subscribers", "Unsubscribes", "Article views", "New replies"];

    [Fact]
    public async Task An_editor_sees_readers_and_no_revenue_orders_or_stock()
    {
        store.Orders.AwaitingShipment = 4;
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        var html = await editor.GetPageAsync("/staff");

        Assert.All(Readers, name => Assert.True(Pages.HasFigure(html, name), name));
        Assert.All(Sales, name => Assert.False(Pages.HasFigure(html, name), name));
        Assert.DoesNotContain("chart-revenue", html, StringComparison.Ordinal);
        Assert.DoesNotContain("chart-top-products", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/staff/orders", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/staff/catalog/low-stock", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_merchandiser_sees_sales_and_no_subscribers_or_replies()
    {
        store.Orders.AwaitingShipment = 4;
        var (merchandiser, _) = await store.SignInNewUserAsync(StaffRoles.Merchandiser);
        var html = await merchandiser.GetPageAsync("/staff");

        Assert.All(Sales, name => Assert.True(Pages.HasFigure(html, name), name));
        Assert.All(Readers, name => Assert.False(Pages.HasFigure(html, name), name));
        Assert.DoesNotContain("chart-subscribers", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/staff/replies", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/staff/subscribers", html, StringComparison.Ordinal);
        Assert.Contains("4 orders paid and not shipped", html, StringComparison.Ordinal);
        Assert.Contains("chart-shop-leads", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_sees_every_part()
    {
        var (admin, _) = await store.SignInNewUserAsync(StaffRoles.Admin);
        var html = await admin.GetPageAsync("/staff");

        Assert.All(Sales.Concat(Readers), name => Assert.True(Pages.HasFigure(html, name), name));
    }

    [Fact]
    public async Task A_shopper_cannot_open_the_staff_home()
    {
        var (shopper, _) = await store.SignInNewUserAsync();
        var response = await shopper.GetAsync("/staff");
        Assert.NotEqual(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
