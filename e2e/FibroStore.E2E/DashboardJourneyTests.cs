using FibroStore.SharedKernel.Security;
using FibroStore.TestKit;
using Microsoft.Playwright;

namespace FibroStore.E2E;

public sealed class DashboardJourneyTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    private async Task<IPage> SignedInAsync(string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.org";
        await session.Store.CreateUserAsync(email, StoreFactory.DefaultPassword, role);
        var page = await session.NewPageAsync();
        await session.SignInAsync(page, email);
        return page;
    }

    [Fact]
    public async Task An_admin_opens_the_dashboard_reads_a_chart_as_a_table_and_changes_the_period()
    {
        var admin = await SignedInAsync(StaffRoles.Admin);
        await session.VisitAsync(admin, "/staff");

        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Staff home", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByText("Revenue", new() { Exact = true }).First).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Img, new() { Name = "Revenue per day" })).ToBeVisibleAsync();

        var table = admin.GetByRole(AriaRole.Table, new() { Name = "Revenue per day" });
        await Assertions.Expect(table).ToBeHiddenAsync();
        await admin.GetByText("Show data: Revenue per day").ClickAsync();
        await Assertions.Expect(table).ToBeVisibleAsync();
        await Assertions.Expect(table.GetByRole(AriaRole.Row)).ToHaveCountAsync(8);
        await session.ScanAsync(admin);

        await admin.GetByLabel("Last 30 days").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(admin.GetByText("compared with the 30 days before")).ToBeVisibleAsync();
        await session.ScanAsync(admin);
    }

    [Fact]
    public async Task An_editor_sees_readers_and_no_revenue()
    {
        var editor = await SignedInAsync(StaffRoles.Editor);
        await session.VisitAsync(editor, "/staff");

        await Assertions.Expect(editor.GetByText("New subscribers", new() { Exact = true }).First).ToBeVisibleAsync();
        await Assertions.Expect(editor.GetByRole(AriaRole.Img, new() { Name = "Subscribers on the list" })).ToBeVisibleAsync();
        await Assertions.Expect(editor.GetByText("Revenue", new() { Exact = true })).ToHaveCountAsync(0);
        await editor.GetByText("Show data: Article views per day").ClickAsync();
        await Assertions.Expect(editor.GetByRole(AriaRole.Table, new() { Name = "Article views per day" })).ToBeVisibleAsync();
        await session.ScanAsync(editor);
        await session.VisitAsync(editor, "/staff/audit");
        await Assertions.Expect(editor.GetByRole(AriaRole.Heading, new() { Name = "Audit log" })).ToBeVisibleAsync();
    }
}
