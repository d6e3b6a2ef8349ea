using System.Text.RegularExpressions;
using FibroStore.SharedKernel.Security;
using FibroStore.TestKit;
using Microsoft.Playwright;

namespace FibroStore.E2E;

public sealed partial class FirstAdminSetupTests : IAsyncLifetime
{
    private readonly BrowserSession session = new();

    public Task InitializeAsync() => session.InitializeAsync();
    public Task DisposeAsync() => session.DisposeAsync();

    [Fact]
    public async Task The_first_admin_sets_up_the_store_with_the_link_from_the_log()
    {
        var line = session.Store.Logs.Lines.Single(l => l.Contains("First-admin setup:", StringComparison.Ordinal));
        var token = SetupToken().Match(line).Groups[1].Value;
        var page = await session.NewPageAsync();

        await session.VisitAsync(page, "/setup?token=" + token);
        await page.GetByLabel("Your name").FillAsync("Robin Admin");
        await page.GetByLabel("Email address").FillAsync("robin@example.org");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("gentle-morning-tea-7");
        await page.GetByLabel("Type the password again").FillAsync("gentle-morning-tea-7");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the admin account" }).ClickAsync();

        // A new store asks its staff for two-step sign-in: the staff area opens once the admin's phone app is set up.
        await session.WaitForPageAsync(page, "**/Identity/Account/Manage/EnableAuthenticator");
        await session.SetUpAuthenticatorAsync(page, "robin@example.org");
        await page.GetByRole(AriaRole.Link, new() { Name = "I have kept them: go to the staff area" }).ClickAsync();
        await session.WaitForPageAsync(page, "**/staff");
        await session.ScanAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Staff home" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Staff" }).GetByRole(AriaRole.Link, new() { Name = "Site settings" })).ToBeVisibleAsync();

        var again = await page.GotoAsync("/setup?token=" + token);
        Assert.Equal(404, again!.Status);
    }

    [GeneratedRegex("token=([A-Za-z0-9_-]+)")]
    private static partial Regex SetupToken();
}

public sealed class AccountJourneyTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task A_shopper_registers_confirms_from_the_mailbox_signs_in_and_is_refused_the_staff_area()
    {
        var email = $"sam-{Guid.NewGuid():N}@example.org";
        var page = await session.NewPageAsync();

        await session.VisitAsync(page, "/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await session.ScanAsync(page);
        await session.VisitAsync(page, "/Identity/Account/Register");
        await page.GetByLabel("Your name").FillAsync("Sam Shopper");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("soft-pillow-hills-3");
        await page.GetByLabel("Type the password again").FillAsync("soft-pillow-hills-3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Make my account" }).ClickAsync();
        await session.ScanAsync(page);

        await session.OpenMailAsync(page, email, "Please confirm your email address");
        await page.Locator(".mail-links a[href*='ConfirmEmail']").First.ClickAsync();
        await session.ScanAsync(page);

        await session.VisitAsync(page, "/Identity/Account/Login");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync("soft-pillow-hills-3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await session.ScanAsync(page);

        var staff = await session.VisitAsync(page, "/staff");
        Assert.Equal(403, staff!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This page is not for your account" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_admin_invites_an_editor_who_then_reaches_only_editor_pages()
    {
        var adminEmail = $"ada-{Guid.NewGuid():N}@example.org";
        await session.Store.CreateUserAsync(adminEmail, StoreFactory.DefaultPassword, StaffRoles.Admin);
        var editorEmail = $"eddie-{Guid.NewGuid():N}@example.org";
        var admin = await session.NewPageAsync();

        await session.SignInAsync(admin, adminEmail);
        // The page that asks for the password again before sensitive changes (signing in counts for 5 minutes).
        await session.VisitAsync(admin, "/account/confirm-password?returnUrl=%2Fstaff%2Fpeople");
        await admin.GetByLabel("Your password").FillAsync(StoreFactory.DefaultPassword);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Confirm and continue" }).ClickAsync();
        await session.WaitForPageAsync(admin, "**/staff/people");
        await session.ScanAsync(admin);
        await Assertions.Expect(admin.GetByRole(AriaRole.Columnheader, new() { Name = "Two-step sign-in" })).ToBeVisibleAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "Invite someone" }).ClickAsync();
        await session.ScanAsync(admin);
        await admin.GetByLabel("Their name").FillAsync("Eddie Editor");
        await admin.GetByLabel("Their email address").FillAsync(editorEmail);
        await admin.GetByLabel("Editor").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
        await session.ScanAsync(admin);

        var editor = await session.NewPageAsync();
        await session.OpenMailAsync(editor, editorEmail, "You are invited");
        await editor.Locator(".mail-links a[href*='accept-invitation']").First.ClickAsync();
        await session.ScanAsync(editor);
        await editor.GetByLabel("Password", new() { Exact = true }).FillAsync("quiet-library-lamp-9");
        await editor.GetByLabel("Type the password again").FillAsync("quiet-library-lamp-9");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save my password and continue" }).ClickAsync();

        // The invitation ends at the normal sign-in page; then the new editor sets up two-step sign-in.
        await Assertions.Expect(editor.GetByRole(AriaRole.Status).Filter(new() { HasText = "Your password is saved." })).ToBeVisibleAsync();
        await session.ScanAsync(editor);
        await editor.GetByLabel("Email address").FillAsync(editorEmail);
        await editor.GetByLabel("Password").FillAsync("quiet-library-lamp-9");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await session.WaitForPageAsync(editor, "**/Identity/Account/Manage/EnableAuthenticator");
        await session.SetUpAuthenticatorAsync(editor, editorEmail);
        await editor.GetByRole(AriaRole.Link, new() { Name = "I have kept them: go to the staff area" }).ClickAsync();
        await session.WaitForPageAsync(editor, "**/staff");
        await session.ScanAsync(editor);
        var nav = editor.GetByRole(AriaRole.Navigation, new() { Name = "Staff" });
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Information pages" })).ToBeVisibleAsync();
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Site settings" })).ToHaveCountAsync(0);
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "People" })).ToHaveCountAsync(0);
        await session.VisitAsync(editor, "/staff/pages/privacy");
        var settings = await session.VisitAsync(editor, "/staff/settings");
        Assert.Equal(403, settings!.Status);
    }

    [Fact]
    public async Task Public_pages_pass_the_accessibility_scan_and_keyboard_users_can_skip_to_content()
    {
        var page = await session.NewPageAsync();
        foreach (var path in new[] { "/", "/contact", "/privacy", "/shipping", "/search?q=heat", "/no-such-page", "/Identity/Account/ForgotPassword" })
            await session.VisitAsync(page, path);

        await page.GotoAsync("/");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        Assert.EndsWith("#main", page.Url, StringComparison.Ordinal);
    }
}
