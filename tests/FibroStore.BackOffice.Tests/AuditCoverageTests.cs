using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;

namespace FibroStore.BackOffice.Tests;

/// <summary>
/// Every staff action that changes something writes an audit row. The list below names each staff POST handler the
/// app has and the audit action it writes (or why it writes none); a handler added without a line here fails the first
/// test, and a listed audit action that its module no longer writes fails the second. Order actions join the list
/// as Ordering's staff pages grow.
/// </summary>
public sealed class AuditCoverageTests(DashboardStore store) : IClassFixture<DashboardStore>
{
    /// <summary>Staff POST handler ("route handler") → the module and the audit action it writes, or null with the reason it writes none.</summary>
    private static readonly Dictionary<string, (string Module, string? Action, string? WhyNone)> StaffActions = new()
    {
        ["staff/settings"] = ("SiteServices", "settings.changed", null),
        ["staff/pages/{slug?}"] = ("BackOffice", "site-page.edited", null),
        ["staff/messages Retry"] = ("BackOffice", "outbox-message.retried", null),
        ["staff/people/invite"] = ("Accounts", "staff.invited", null),
        ["staff/people/{id}"] = ("Accounts", "staff.roles_changed", null),
        ["staff/people/import-customers"] = ("Accounts", "customers.imported", null),
        ["staff/articles/edit/{id:guid?}"] = ("Editorial", "article.", null),
        ["staff/redirects Add"] = ("Editorial", "redirect.added", null),
        ["staff/redirects Remove"] = ("Editorial", "redirect.removed", null),
        ["staff/articles/edit/{id:guid?} SendTest"] = ("Editorial", "article.newsletter-test-sent", null),
        ["staff/articles/edit/{id:guid?} UploadImage"] = ("Editorial", null, "stores a picture file only; the article's row is written when it is saved"),
        ["staff/articles/edit/{id:guid?} Preview"] = ("Editorial", null, "renders a preview and changes nothing"),
        ["staff/articles/{id:guid}/revisions Restore"] = ("Editorial", "article.revision-restored", null),
        ["staff/articles/import"] = ("Editorial", "wordpress.imported", null),
        ["staff/replies"] = ("Editorial", "reply.", null),
        ["staff/replies RepliesOpen"] = ("Editorial", "article.replies-", null),
        ["staff/replies/{id:guid}"] = ("Editorial", "reply.edited", null),
        ["staff/replies/blocklist"] = ("Editorial", "reply-blocklist.replaced", null),
        ["staff/catalog/products/new"] = ("Catalog", "product.created", null),
        ["staff/catalog/products/{id:guid} Save"] = ("Catalog", "product.updated", null),
        ["staff/catalog/products/{id:guid} Upload"] = ("Catalog", "product.image-added", null),
        ["staff/catalog/products/{id:guid} RemoveImage"] = ("Catalog", "product.image-removed", null),
        ["staff/catalog/products/{id:guid} MoveImage"] = ("Catalog", "product.images-reordered", null),
        ["staff/catalog/products/{productId:guid}/variants/new"] = ("Catalog", "variant.created", null),
        ["staff/catalog/variants/{id:guid} Save"] = ("Catalog", "variant.updated", null),
        ["staff/catalog/variants/{id:guid} Adjust"] = ("Catalog", "stock.adjusted", null),
        ["staff/catalog/categories"] = ("Catalog", "category.created", null),
        ["staff/catalog/categories/{id:guid} Save"] = ("Catalog", "category.", null),
        ["staff/catalog/categories/{id:guid} Delete"] = ("Catalog", "category.deleted", null),
        ["staff/catalog/csv Check"] = ("Catalog", null, "checks a file and shows a report; nothing changes until Apply"),
        ["staff/catalog/csv Apply"] = ("Catalog", "product.imported", null),
        ["staff/catalog/woocommerce Check"] = ("Catalog", null, "checks a file and shows a report; nothing changes until Apply"),
        ["staff/catalog/woocommerce Apply"] = ("Catalog", "product.imported", null),
        ["staff/subscribers/{id:guid} Remove"] = ("Subscribers", "subscriber.removed", null),
        ["staff/subscribers/campaigns Pause"] = ("Subscribers", "campaign.paused", null),
        ["staff/subscribers/campaigns Resume"] = ("Subscribers", "campaign.resumed", null),
        ["staff/subscribers/campaigns Retry"] = ("Subscribers", "campaign.failed-retried", null),
        ["staff/subscribers/import"] = ("Subscribers", "subscribers.imported", null),
        ["staff/orders/{number} Note"] = ("Ordering", "order.note-added", null),
        ["staff/orders/{number} Ship"] = ("Ordering", "order.shipped", null),
        ["staff/orders/{number} Deliver"] = ("Ordering", "order.delivered", null),
        ["staff/orders/{number} Cancel"] = ("Ordering", "order.cancelled", null),
        ["staff/orders/{number} ReviewRefund"] = ("Ordering", null, "shows what a refund would return; nothing changes until Refund"),
        ["staff/orders/{number} Refund"] = ("Ordering", "order.refund", null),
        ["staff/shipping/edit/{id:guid?}"] = ("Ordering", "shipping-option.", null),
        ["staff/discounts/edit/{id:guid?}"] = ("Ordering", "discount-code.", null),
    };

    private async Task<IReadOnlyList<string>> StaffPostHandlersAsync()
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var loader = store.Services.GetRequiredService<PageLoader>();
        foreach (var endpoint in store.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = endpoint.RoutePattern.RawText?.TrimStart('/') ?? "";
            if (!route.StartsWith("staff", StringComparison.OrdinalIgnoreCase)) continue;
            if (endpoint.Metadata.GetMetadata<ActionDescriptor>() is PageActionDescriptor page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                foreach (var handler in compiled.HandlerMethods.Where(h => h.HttpMethod == "Post"))
                    found.Add(handler.Name is null ? route : $"{route} {handler.Name}");
            }
            else if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Any(m => m is not ("GET" or "HEAD")) == true)
            {
                found.Add($"{route} (endpoint)");
            }
        }
        return found.ToList();
    }

    [Fact]
    public async Task Every_staff_action_is_listed_with_the_audit_row_it_writes()
    {
        var handlers = await StaffPostHandlersAsync();
        Assert.NotEmpty(handlers);
        var unlisted = handlers.Where(h => !StaffActions.ContainsKey(h)).ToList();
        Assert.True(unlisted.Count == 0, "Staff actions with no audit entry in this list (add the audit row, then the line): " + string.Join(", ", unlisted));
        var gone = StaffActions.Keys.Where(k => !handlers.Contains(k)).ToList();
        Assert.True(gone.Count == 0, "Listed staff actions the app no longer has: " + string.Join(", ", gone));
    }

    [Fact]
    public void Every_listed_audit_action_is_written_by_its_module()
    {
        var missing = StaffActions.Values.Where(v => v.Action is not null)
            .Where(v => !StringsIn($"FibroStore.{v.Module}").Any(s => s.StartsWith(v.Action!, StringComparison.Ordinal)))
            .Select(v => $"{v.Module}: {v.Action}").ToList();
        Assert.True(missing.Count == 0, "Audit actions no module writes: " + string.Join(", ", missing));
        Assert.All(StaffActions.Values.Where(v => v.Action is null), v => Assert.False(string.IsNullOrWhiteSpace(v.WhyNone)));
    }

    /// <summary>The string literals compiled into a module: where its AuditTrail.Record calls name their actions.</summary>
    private static IEnumerable<string> StringsIn(string assemblyName)
    {
        using var stream = File.OpenRead(Assembly.Load(assemblyName).Location);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var strings = new List<string>();
        var handle = MetadataTokens.UserStringHandle(1);
        while (!handle.IsNil)
        {
            strings.Add(metadata.GetUserString(handle));
            handle = metadata.GetNextHandle(handle);
        }
        return strings;
    }

    [Fact]
    public async Task Saving_site_settings_and_an_information_page_write_their_rows()
    {
        var (admin, adminId) = await store.SignInNewUserAsync(StaffRoles.Admin);
        var version = (int)(await store.SqlAsync("SELECT coalesce(max(version), 0) FROM siteservices.site_settings"))!;
        var settings = await admin.PostFormAsync("/staff/settings", new Dictionary<string, string>
        {
            ["Input.StoreName"] = "FibroStore", ["Input.Tagline"] = "Gentle things", ["Input.AboutText"] = "About us",
            ["Input.ContactEmail"] = "team@example.org", ["Input.PostalAddress"] = "1 Quiet Road", ["Input.TimeZoneId"] = "Europe/London",
            ["Input.EmailSenderName"] = "Team", ["Input.EmailSenderAddress"] = "team@example.org", ["Input.TaxMode"] = "None",
            ["Input.TaxRatePercent"] = "0", ["Input.ReplyModeration"] = "HoldEvery",
            ["Input.Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Redirect, settings.StatusCode);
        var page = await admin.PostFormAsync("/staff/pages/privacy", new Dictionary<string, string>
        {
            ["Input.Slug"] = "privacy", ["Input.Title"] = "Privacy", ["Input.Markdown"] = "We keep very little.",
        });
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        await store.DrainOutboxAsync();

        foreach (var action in new[] { "settings.changed", "site-page.edited" })
            Assert.Equal(1L, (long)(await store.SqlAsync(
                "SELECT count(*) FROM siteservices.audit_entries WHERE action = @action AND actor_id = @actor", ("action", action), ("actor", adminId)))!);
    }
}
