namespace FibroStore.Editorial.Tests;

/// <summary>The "discourage copying" setting: readers get a protected body, staff and screen readers lose nothing.</summary>
public sealed class ContentProtectionTests : IAsyncLifetime
{
    private readonly EditorialStore store = new();

    public Task InitializeAsync() => store.InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)store).DisposeAsync();

    [Fact]
    public async Task With_protection_on_readers_get_a_protected_body_that_still_holds_all_its_text_and_staff_do_not()
    {
        var (_, slug) = await store.PublishAsync("Warm baths and sore muscles", "## Why warmth helps\n\nWarm water relaxes tight muscles for many people.");
        using var before = store.CreateBrowserClient();
        Assert.DoesNotContain(ProtectedBody, await before.GetPageAsync($"/articles/{slug}"), StringComparison.Ordinal);

        var (admin, _) = await store.SignInNewUserAsync(StaffRoles.Admin);
        var saved = await admin.PostFormAsync("/staff/settings", new Dictionary<string, string>
        {
            ["Input.StoreName"] = "FibroStore", ["Input.Tagline"] = "Gentle help", ["Input.AboutText"] = "About us",
            ["Input.ContactEmail"] = "hello@example.org", ["Input.PostalAddress"] = "1 Quiet Road", ["Input.TimeZoneId"] = "Europe/London",
            ["Input.EmailSenderName"] = "FibroStore", ["Input.EmailSenderAddress"] = "hello@example.org",
            ["Input.ContentProtection"] = "true", ["Input.Version"] = "0",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        using var reader = store.CreateBrowserClient();
        var html = await EditorialStore.EventuallyAsync(reader, $"/articles/{slug}", ProtectedBody);
        Assert.Contains(ProtectedBody, html, StringComparison.Ordinal);
        // Protection is behaviour added by a script; the words themselves stay in the page for screen readers.
        Assert.Contains("Warm water relaxes tight muscles for many people.", html, StringComparison.Ordinal);

        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        var staffView = await editor.GetPageAsync($"/articles/{slug}");
        Assert.Contains("Warm water relaxes tight muscles for many people.", staffView, StringComparison.Ordinal);
        Assert.DoesNotContain(ProtectedBody, staffView, StringComparison.Ordinal);
    }

    /// <summary>The class on the article's body (the page's script, written into its head, names it too).</summary>
    private const string ProtectedBody = "article-body protected-text";
}
