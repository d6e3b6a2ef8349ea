using System.Net;
using System.Text.RegularExpressions;
using FibroStore.TestKit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FibroStore.Web.Tests;

/// <summary>
/// Every endpoint the app maps is either on the public list below, or refuses a stranger; and every staff
/// endpoint also refuses a signed-in shopper. A new page that nobody protected fails here.
/// </summary>
public sealed partial class EndpointProtectionTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private static readonly HashSet<string> PublicEndpoints =
    [
        "", "Index", "contact", "search", "error/{code:int}", "{slug:regex(^(privacy|terms|shipping|returns)$)}",
        "pages/{slug:regex(^[a-z0-9]+(-[a-z0-9]+)*$)}",
        "dev/mailbox/{id?}", "session/state", "health/live", "health/ready", "media/{**path}", "{*path:nonfile}",
        "setup", "account/accept-invitation",
        "Identity/Error", "Identity/Account/AccessDenied", "Identity/Account/ConfirmEmail", "Identity/Account/ConfirmEmailChange",
        "Identity/Account/ExternalLogin", "Identity/Account/ForgotPassword", "Identity/Account/ForgotPasswordConfirmation",
        "Identity/Account/Lockout", "Identity/Account/Login", "Identity/Account/LoginWith2fa",
        "Identity/Account/LoginWithRecoveryCode", "Identity/Account/Logout", "Identity/Account/Register",
        "Identity/Account/RegisterConfirmation", "Identity/Account/ResendEmailConfirmation",
        "Identity/Account/ResetPassword", "Identity/Account/ResetPasswordConfirmation",
        // Editorial: reading, replying (moderated), feeds; a draft preview needs its secret token; a product card's
        // link counts the click with its article and sends the reader on.
        "go/product/{slug}", "articles", "articles/{slug}", "articles/{kind:regex(^(category|tag|author)$)}/{slug}", "articles/{slug}/reply-received",
        "articles/archive/{year:int}/{month:int?}/{day:int?}",
        "articles/reply-stamp", "articles/preview/{token}", "replies/stop-notices/{token}",
        "feed.xml", "articles/category/{slug}/feed.xml", "sitemap.xml", "robots.txt",
        // Catalog: the shop.
        "shop", "shop/category/{category}", "products/{slug}",
        // Subscribers: joining, and the signed links in every list email (no sign-in by design).
        "subscribe", "subscribe/confirm/{token}", "subscribe/unsubscribe/{token}", "subscribe/preferences/{token}",
        // Ordering: guests shop, pay and come back without an account; an order page shows nothing without the
        // owner's sign-in or the signed link from its emails. Payments: Stripe's webhooks prove themselves by signature.
        "cart", "cart/add", "checkout/complete", "checkout/cancelled", "orders/{number}", "webhooks/stripe",
        // The Stripe emulator (Development and tests, no Stripe key): its API checks the secret key itself, and its
        // payment page is for whoever holds the session's address, as on Stripe.
        "stripe-emulator/v1/checkout/sessions", "stripe-emulator/v1/checkout/sessions/{id}",
        "stripe-emulator/v1/checkout/sessions/{id}/expire", "stripe-emulator/v1/checkout/sessions/{id}/line_items",
        "stripe-emulator/v1/coupons", "stripe-emulator/v1/coupons/{id}", "stripe-emulator/v1/payment_intents/{id}",
        "stripe-emulator/v1/refunds", "stripe-emulator/v1/refunds/{id}", "stripe-emulator/v1/{**path}",
        "stripe-emulator/pay/{id}", "stripe-emulator/pay/{id}/settle", "stripe-emulator/assets/checkout.css",
    ];

    private IReadOnlyList<RouteEndpoint> Endpoints() =>
        store.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is not null)
            .ToList();

    private static bool IsPublic(RouteEndpoint e) => e.Metadata.GetMetadata<IAllowAnonymous>() is not null;

    [Fact]
    public void Exactly_the_listed_endpoints_allow_anonymous_visitors()
    {
        var open = Endpoints().Where(IsPublic).Select(e => e.RoutePattern.RawText!.TrimStart('/')).ToHashSet();

        var unlisted = open.Except(PublicEndpoints).Order().ToList();
        Assert.True(unlisted.Count == 0, "Public endpoints missing from the list: " + string.Join(" | ", unlisted));
    }

    [Fact]
    public async Task Every_other_endpoint_sends_a_stranger_to_sign_in()
    {
        using var client = store.CreateBrowserClient();
        var failures = new List<string>();
        foreach (var endpoint in Endpoints().Where(e => !IsPublic(e)))
        {
            var url = SampleUrl(endpoint);
            var response = await client.GetAsync(url);
            var location = response.Headers.Location?.ToString() ?? "";
            var refused = response.StatusCode == HttpStatusCode.Unauthorized
                          || (response.StatusCode == HttpStatusCode.Redirect && location.Contains("/Identity/Account/Login", StringComparison.Ordinal));
            if (!refused)
                failures.Add($"{url} answered {(int)response.StatusCode} {location}");
        }
        Assert.Empty(failures);
        Assert.True(Endpoints().Count(e => !IsPublic(e)) > 10, "Expected the protected endpoints (staff and account pages) to be found.");
    }

    [Fact]
    public async Task Every_staff_endpoint_refuses_a_signed_in_shopper()
    {
        var (shopper, _) = await store.SignInNewUserAsync();
        var staffEndpoints = Endpoints().Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("staff", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(staffEndpoints);

        var failures = new List<string>();
        foreach (var endpoint in staffEndpoints)
        {
            var url = SampleUrl(endpoint);
            var response = await shopper.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.Forbidden)
                failures.Add($"{url} answered {(int)response.StatusCode}");
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task The_refusal_page_for_a_shopper_is_a_friendly_403()
    {
        var (shopper, _) = await store.SignInNewUserAsync();
        var response = await shopper.GetAsync("/staff");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("This page is not for your account", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>A concrete address for a route pattern: parameters get harmless sample values.</summary>
    private static string SampleUrl(RouteEndpoint endpoint)
    {
        var raw = endpoint.RoutePattern.RawText!.TrimStart('/');
        var path = Parameter().Replace(raw, m => m.Value.EndsWith("?}", StringComparison.Ordinal) ? "" : m.Value.Contains(":int", StringComparison.Ordinal) || m.Value.Contains(":guid", StringComparison.Ordinal) ? SampleValue(m.Value) : "sample");
        return "/" + path.TrimEnd('/');
    }

    private static string SampleValue(string parameter) =>
        parameter.Contains(":guid", StringComparison.Ordinal) ? Guid.Empty.ToString() : "1";

    [GeneratedRegex("\\{[^}]+\\}")]
    private static partial Regex Parameter();
}
