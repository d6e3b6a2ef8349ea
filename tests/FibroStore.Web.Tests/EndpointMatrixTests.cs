using FibroStore.SharedKernel.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;

namespace FibroStore.Web.Tests;

/// <summary>Who may use an endpoint.</summary>
public enum Access
{
    /// <summary>Everyone, signed in or not.</summary>
    Public,
    /// <summary>Everyone, but only with the secret token or signed link in its address: a made-up one is refused with 4xx.</summary>
    TokenLink,
    /// <summary>A later step of signing in (the two-step code): with no sign-in under way it sends anyone to the sign-in page.</summary>
    SignInStep,
    /// <summary>Anyone signed in.</summary>
    SignedIn,
    /// <summary>Any staff role.</summary>
    Staff,
    /// <summary>Editors and admins.</summary>
    Editorial,
    /// <summary>Merchandisers and admins.</summary>
    Merchandising,
    /// <summary>Admins only.</summary>
    Admin,
    /// <summary>Open to the network, but only a request signed with the webhook secret is taken (Stripe's webhooks).</summary>
    SignedWebhook,
    /// <summary>The Stripe emulator's API: open to the network, but it wants the secret API key (401 without).</summary>
    ApiKey,
}

/// <summary>
/// The store for the matrix, with one change: sessions are not re-checked against the account's security stamp
/// during the run. Opening "set up an authenticator app" (which the matrix does as every role) gives the account a
/// new key and so a new stamp, and the re-check a minute later would sign that role out halfway through.
/// </summary>
public sealed class MatrixStore : StoreFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
            services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromHours(1)));
    }
}

/// <summary>
/// Every page, every page handler and every endpoint the app maps, tried by a stranger, a shopper, an editor, a
/// merchandiser and an admin, against the expectation written for it below. A new endpoint without an expectation
/// fails the test, named; adding one is a line in <see cref="Expectations"/>.
/// </summary>
public sealed class EndpointMatrixTests(MatrixStore store) : IClassFixture<MatrixStore>
{
    private static readonly Dictionary<string, Access> Expectations = new(StringComparer.Ordinal)
    {
        // Editorial: reading, replying, feeds; the editors' pages. A draft preview and a reply's stop-notices link carry a secret token.
        ["GET /"] = Access.Public,
        ["GET /articles"] = Access.Public,
        ["GET /articles/archive/{year:int}/{month:int?}/{day:int?}"] = Access.Public,
        ["GET /articles/category/{slug}/feed.xml"] = Access.Public,
        ["GET /articles/preview/{token}"] = Access.TokenLink,
        ["GET /articles/reply-stamp"] = Access.Public,
        ["GET /articles/{kind:regex(^(category|tag|author)$)}/{slug}"] = Access.Public,
        ["GET /articles/{slug}"] = Access.Public,
        ["GET /articles/{slug}/reply-received"] = Access.Public,
        ["GET /feed.xml"] = Access.Public,
        ["GET /go/product/{slug}"] = Access.Public,
        ["GET /replies/stop-notices/{token}"] = Access.TokenLink,
        ["GET /robots.txt"] = Access.Public,
        ["GET /sitemap.xml"] = Access.Public,
        ["GET /staff/articles"] = Access.Editorial,
        ["GET /staff/articles/edit/{id:guid?}"] = Access.Editorial,
        ["GET /staff/articles/import"] = Access.Editorial,
        ["GET /staff/articles/import?handler=Report"] = Access.Editorial,
        ["GET /staff/articles/{id:guid}/revisions"] = Access.Editorial,
        ["GET /staff/redirects"] = Access.Editorial,
        ["GET /staff/redirects/not-found"] = Access.Editorial,
        ["GET /staff/replies"] = Access.Editorial,
        ["GET /staff/replies/blocklist"] = Access.Editorial,
        ["GET /staff/replies/{id:guid}"] = Access.Editorial,
        ["POST /articles/{slug}?handler=Reply"] = Access.Public,
        ["POST /replies/stop-notices/{token}"] = Access.TokenLink,
        ["POST /staff/articles/edit/{id:guid?}"] = Access.Editorial,
        ["POST /staff/articles/edit/{id:guid?}?handler=Preview"] = Access.Editorial,
        ["POST /staff/articles/edit/{id:guid?}?handler=SendTest"] = Access.Editorial,
        ["POST /staff/articles/edit/{id:guid?}?handler=UploadImage"] = Access.Editorial,
        ["POST /staff/articles/import"] = Access.Editorial,
        ["POST /staff/articles/{id:guid}/revisions?handler=Restore"] = Access.Editorial,
        ["POST /staff/redirects?handler=Add"] = Access.Editorial,
        ["POST /staff/redirects?handler=Remove"] = Access.Editorial,
        ["POST /staff/replies"] = Access.Editorial,
        ["POST /staff/replies/blocklist"] = Access.Editorial,
        ["POST /staff/replies/{id:guid}"] = Access.Editorial,
        ["POST /staff/replies?handler=RepliesOpen"] = Access.Editorial,
        // Accounts: sign-in, registration and the account pages (Identity), invitations, the first-admin setup.
        ["GET /Identity/Account/AccessDenied"] = Access.SignedIn,
        ["GET /Identity/Account/ConfirmEmail"] = Access.TokenLink,
        ["GET /Identity/Account/ConfirmEmailChange"] = Access.Public,
        ["GET /Identity/Account/ForgotPassword"] = Access.Public,
        ["GET /Identity/Account/ForgotPasswordConfirmation"] = Access.Public,
        ["GET /Identity/Account/Lockout"] = Access.Public,
        ["GET /Identity/Account/Login"] = Access.Public,
        ["GET /Identity/Account/LoginWith2fa"] = Access.SignInStep,
        ["GET /Identity/Account/LoginWithRecoveryCode"] = Access.SignInStep,
        ["GET /Identity/Account/Logout"] = Access.Public,
        ["GET /Identity/Account/Manage"] = Access.SignedIn,
        ["GET /Identity/Account/Manage/ChangePassword"] = Access.SignedIn,
        ["GET /Identity/Account/Manage/DeletePersonalData"] = Access.SignedIn,
        ["GET /Identity/Account/Manage/Disable2fa"] = Access.SignedIn,
        ["GET /Identity/Account/Manage/DownloadPersonalData"] = Access.SignedIn,
        ["GET /Identity/Account/Manage/Email"] = Access.SignedIn,
        ["GET /Identity/Account/Manage/EnableAuthenticator"] = Access.SignedIn,
        ["GET /Identity/Account/Manage/GenerateRecoveryCodes"] = Access.SignedIn,
        ["GET /Identity/Account/Manage/Index"] = Access.SignedIn,
        ["GET /Identity/Account/Manage/Newsletter"] = Access.SignedIn,
        ["GET /Identity/Account/Manage/PersonalData"] = Access.SignedIn,
        ["GET /Identity/Account/Manage/ResetAuthenticator"] = Access.SignedIn,
        ["GET /Identity/Account/Manage/SetPassword"] = Access.SignedIn,
        ["GET /Identity/Account/Manage/ShowRecoveryCodes"] = Access.SignedIn,
        ["GET /Identity/Account/Manage/TwoFactorAuthentication"] = Access.SignedIn,
        ["GET /Identity/Account/Register"] = Access.Public,
        ["GET /Identity/Account/RegisterConfirmation"] = Access.Public,
        ["GET /Identity/Account/ResendEmailConfirmation"] = Access.Public,
        ["GET /Identity/Account/ResetPassword"] = Access.TokenLink,
        ["GET /Identity/Account/ResetPasswordConfirmation"] = Access.Public,
        ["GET /Identity/Error"] = Access.Public,
        ["GET /account/accept-invitation"] = Access.TokenLink,
        ["GET /account/confirm-password"] = Access.SignedIn,
        ["GET /account/orders"] = Access.SignedIn,
        ["GET /setup"] = Access.TokenLink,
        ["POST /Identity/Account/ForgotPassword"] = Access.Public,
        ["POST /Identity/Account/Login"] = Access.Public,
        ["POST /Identity/Account/LoginWith2fa"] = Access.Public,
        ["POST /Identity/Account/LoginWithRecoveryCode"] = Access.Public,
        ["POST /Identity/Account/Logout"] = Access.Public,
        ["POST /Identity/Account/Manage"] = Access.SignedIn,
        ["POST /Identity/Account/Manage/ChangePassword"] = Access.SignedIn,
        ["POST /Identity/Account/Manage/DeletePersonalData"] = Access.SignedIn,
        ["POST /Identity/Account/Manage/Disable2fa"] = Access.SignedIn,
        ["POST /Identity/Account/Manage/DownloadPersonalData"] = Access.SignedIn,
        ["POST /Identity/Account/Manage/Email?handler=ChangeEmail"] = Access.SignedIn,
        ["POST /Identity/Account/Manage/Email?handler=SendVerificationEmail"] = Access.SignedIn,
        ["POST /Identity/Account/Manage/EnableAuthenticator"] = Access.SignedIn,
        ["POST /Identity/Account/Manage/GenerateRecoveryCodes"] = Access.SignedIn,
        ["POST /Identity/Account/Manage/Index"] = Access.SignedIn,
        ["POST /Identity/Account/Manage/Newsletter?handler=Subscribe"] = Access.SignedIn,
        ["POST /Identity/Account/Manage/Newsletter?handler=Unsubscribe"] = Access.SignedIn,
        ["POST /Identity/Account/Manage/ResetAuthenticator"] = Access.SignedIn,
        ["POST /Identity/Account/Manage/SetPassword"] = Access.SignedIn,
        ["POST /Identity/Account/Manage/TwoFactorAuthentication"] = Access.SignedIn,
        ["POST /Identity/Account/Register"] = Access.Public,
        ["POST /Identity/Account/ResendEmailConfirmation"] = Access.Public,
        ["POST /Identity/Account/ResetPassword"] = Access.Public,
        ["POST /account/accept-invitation"] = Access.TokenLink,
        ["POST /account/confirm-password"] = Access.SignedIn,
        ["POST /setup"] = Access.TokenLink,
        // BackOffice: the staff home, audit log, settings and information pages.
        ["GET /Staff"] = Access.Staff,
        ["GET /Staff/Index"] = Access.Staff,
        ["GET /staff/audit"] = Access.Staff,
        ["GET /staff/pages/{slug?}"] = Access.Editorial,
        ["GET /staff/settings"] = Access.Admin,
        ["GET /{slug:regex(^(privacy|terms|shipping|returns)$)}"] = Access.Public,
        ["GET /pages/{slug:regex(^[a-z0-9]+(-[a-z0-9]+)*$)}"] = Access.Public,
        ["GET /staff/messages"] = Access.Admin,
        ["POST /staff/messages?handler=Retry"] = Access.Admin,
        ["POST /staff/pages/{slug?}"] = Access.Editorial,
        ["POST /staff/settings"] = Access.Admin,
        // Ordering: guests shop and pay without an account; an order page needs its owner or the signed link from its emails.
        ["GET /cart"] = Access.Public,
        ["GET /cart/add"] = Access.Public,
        ["GET /checkout/cancelled"] = Access.Public,
        ["GET /checkout/complete"] = Access.TokenLink,
        ["GET /orders/{number}"] = Access.TokenLink,
        ["POST /orders/{number}?handler=FreshLink"] = Access.TokenLink,
        ["GET /staff/discounts"] = Access.Merchandising,
        ["GET /staff/discounts/edit/{id:guid?}"] = Access.Merchandising,
        ["GET /staff/orders"] = Access.Merchandising,
        ["GET /staff/orders/checkouts"] = Access.Merchandising,
        ["GET /staff/orders/export"] = Access.Merchandising,
        ["GET /staff/orders/{number}"] = Access.Merchandising,
        ["GET /staff/shipping"] = Access.Merchandising,
        ["GET /staff/shipping/edit/{id:guid?}"] = Access.Merchandising,
        ["POST /cart/add"] = Access.Public,
        ["POST /cart?handler=Checkout"] = Access.Public,
        ["POST /cart?handler=Preview"] = Access.Public,
        ["POST /cart?handler=Remove"] = Access.Public,
        ["POST /cart?handler=Update"] = Access.Public,
        ["POST /staff/discounts/edit/{id:guid?}"] = Access.Merchandising,
        ["POST /staff/orders/{number}?handler=Cancel"] = Access.Merchandising,
        ["POST /staff/orders/{number}?handler=Deliver"] = Access.Merchandising,
        ["POST /staff/orders/{number}?handler=Note"] = Access.Merchandising,
        ["POST /staff/orders/{number}?handler=Refund"] = Access.Merchandising,
        ["POST /staff/orders/{number}?handler=ReviewRefund"] = Access.Merchandising,
        ["POST /staff/orders/{number}?handler=Ship"] = Access.Merchandising,
        ["POST /staff/shipping/edit/{id:guid?}"] = Access.Merchandising,
        // The host: search, contact, errors, health, media, the per-visitor state of cached pages, the dev mailbox, unknown addresses.
        ["GET /contact"] = Access.Public,
        ["GET /dev/mailbox/{id?}"] = Access.Public,
        ["GET /error/{code:int}"] = Access.Public,
        ["GET /health/live"] = Access.Public,
        ["GET /health/ready"] = Access.Public,
        ["GET /media/{**path}"] = Access.Public,
        ["GET /search"] = Access.Public,
        ["GET /session/state"] = Access.Public,
        ["GET /{*path:nonfile}"] = Access.Public,
        ["POST /contact"] = Access.Public,
        ["POST /error/{code:int}"] = Access.Public,
        // Catalog: the shop; the merchandisers' pages.
        ["GET /products/{slug}"] = Access.Public,
        ["GET /shop"] = Access.Public,
        ["GET /shop/category/{category}"] = Access.Public,
        ["GET /staff/catalog/categories"] = Access.Merchandising,
        ["GET /staff/catalog/categories/{id:guid}"] = Access.Merchandising,
        ["GET /staff/catalog/csv"] = Access.Merchandising,
        ["GET /staff/catalog/csv?handler=Export"] = Access.Merchandising,
        ["GET /staff/catalog/low-stock"] = Access.Merchandising,
        ["GET /staff/catalog/products"] = Access.Merchandising,
        ["GET /staff/catalog/products/new"] = Access.Merchandising,
        ["GET /staff/catalog/products/{id:guid}"] = Access.Merchandising,
        ["GET /staff/catalog/products/{productId:guid}/variants/new"] = Access.Merchandising,
        ["GET /staff/catalog/variants/{id:guid}"] = Access.Merchandising,
        ["GET /staff/catalog/woocommerce"] = Access.Merchandising,
        ["POST /staff/catalog/categories"] = Access.Merchandising,
        ["POST /staff/catalog/categories/{id:guid}?handler=Delete"] = Access.Merchandising,
        ["POST /staff/catalog/categories/{id:guid}?handler=Save"] = Access.Merchandising,
        ["POST /staff/catalog/csv?handler=Apply"] = Access.Merchandising,
        ["POST /staff/catalog/csv?handler=Check"] = Access.Merchandising,
        ["POST /staff/catalog/products/new"] = Access.Merchandising,
        ["POST /staff/catalog/products/{id:guid}?handler=MoveImage"] = Access.Merchandising,
        ["POST /staff/catalog/products/{id:guid}?handler=RemoveImage"] = Access.Merchandising,
        ["POST /staff/catalog/products/{id:guid}?handler=Save"] = Access.Merchandising,
        ["POST /staff/catalog/products/{id:guid}?handler=Upload"] = Access.Merchandising,
        ["POST /staff/catalog/products/{productId:guid}/variants/new"] = Access.Merchandising,
        ["POST /staff/catalog/variants/{id:guid}?handler=Adjust"] = Access.Merchandising,
        ["POST /staff/catalog/variants/{id:guid}?handler=Save"] = Access.Merchandising,
        ["POST /staff/catalog/woocommerce?handler=Apply"] = Access.Merchandising,
        ["POST /staff/catalog/woocommerce?handler=Check"] = Access.Merchandising,
        // Accounts: staff people.
        ["GET /staff/people"] = Access.Admin,
        ["GET /staff/people/import-customers"] = Access.Admin,
        ["GET /staff/people/invite"] = Access.Admin,
        ["GET /staff/people/{id}"] = Access.Admin,
        ["POST /staff/people/import-customers"] = Access.Admin,
        ["POST /staff/people/invite"] = Access.Admin,
        ["POST /staff/people/{id}"] = Access.Admin,
        // Subscribers: joining, the signed links in every list email; the editors' list pages.
        ["GET /staff/subscribers"] = Access.Editorial,
        ["GET /staff/subscribers/campaigns"] = Access.Editorial,
        ["GET /staff/subscribers/campaigns/{id:guid}"] = Access.Editorial,
        ["GET /staff/subscribers/campaigns?handler=Progress"] = Access.Editorial,
        ["GET /staff/subscribers/import"] = Access.Editorial,
        ["GET /staff/subscribers/{id:guid}"] = Access.Editorial,
        ["GET /staff/subscribers?handler=Export"] = Access.Editorial,
        ["GET /subscribe"] = Access.Public,
        ["GET /subscribe/confirm/{token}"] = Access.TokenLink,
        ["GET /subscribe/preferences/{token}"] = Access.TokenLink,
        ["GET /subscribe/unsubscribe/{token}"] = Access.TokenLink,
        ["POST /staff/subscribers/campaigns?handler=Pause"] = Access.Editorial,
        ["POST /staff/subscribers/campaigns?handler=Resume"] = Access.Editorial,
        ["POST /staff/subscribers/campaigns?handler=Retry"] = Access.Editorial,
        ["POST /staff/subscribers/import"] = Access.Editorial,
        ["POST /staff/subscribers/{id:guid}?handler=Remove"] = Access.Editorial,
        ["POST /subscribe"] = Access.Public,
        ["POST /subscribe/confirm/{token}"] = Access.TokenLink,
        ["POST /subscribe/preferences/{token}"] = Access.TokenLink,
        ["POST /subscribe/unsubscribe/{token}"] = Access.TokenLink,
        ["POST /subscribe/unsubscribe/{token}?handler=Undo"] = Access.TokenLink,
        // The Stripe emulator (Development and tests): its API checks the secret key; its payment page is for whoever holds the address, as on Stripe.
        ["GET /stripe-emulator/assets/checkout.css"] = Access.Public,
        ["GET /stripe-emulator/pay/{id}"] = Access.Public,
        ["GET /stripe-emulator/v1/checkout/sessions/{id}"] = Access.ApiKey,
        ["GET /stripe-emulator/v1/checkout/sessions/{id}/line_items"] = Access.ApiKey,
        ["GET /stripe-emulator/v1/coupons/{id}"] = Access.ApiKey,
        ["GET /stripe-emulator/v1/payment_intents/{id}"] = Access.ApiKey,
        ["GET /stripe-emulator/v1/refunds/{id}"] = Access.ApiKey,
        ["GET /stripe-emulator/v1/{**path}"] = Access.ApiKey,
        ["POST /stripe-emulator/pay/{id}"] = Access.Public,
        ["POST /stripe-emulator/pay/{id}/settle"] = Access.Public,
        ["POST /stripe-emulator/v1/checkout/sessions"] = Access.ApiKey,
        ["POST /stripe-emulator/v1/checkout/sessions/{id}/expire"] = Access.ApiKey,
        ["POST /stripe-emulator/v1/coupons"] = Access.ApiKey,
        ["POST /stripe-emulator/v1/refunds"] = Access.ApiKey,
        // Payments: Stripe proves itself by signature.
        ["POST /webhooks/stripe"] = Access.SignedWebhook,
    };

    private enum Role { Stranger, Shopper, Editor, Merchandiser, Admin }

    [Fact]
    public async Task Every_endpoint_has_an_expectation_and_no_expectation_is_left_over()
    {
        var keys = (await EndpointInventory.ListAsync(store.Services)).Select(c => c.Key).ToHashSet();

        var missing = keys.Except(Expectations.Keys).Order(StringComparer.Ordinal).ToList();
        var stale = Expectations.Keys.Except(keys).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "No expectation for these endpoints; add a line for each to EndpointMatrixTests.Expectations:\n  "
                                        + string.Join("\n  ", missing));
        Assert.True(stale.Count == 0, "Expectations for endpoints that no longer exist:\n  " + string.Join("\n  ", stale));
    }

    [Fact]
    public async Task Exactly_the_endpoints_expected_open_to_strangers_allow_anonymous_visitors()
    {
        var cases = await EndpointInventory.ListAsync(store.Services);
        var wrong = cases.Where(c => Expectations.TryGetValue(c.Key, out var access) && c.AllowsAnonymous != IsOpen(access))
            .Select(c => $"{c.Key}: expected {Expectations[c.Key]}, but it {(c.AllowsAnonymous ? "allows" : "does not allow")} anonymous visitors")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Each_role_gets_the_expected_answer_from_every_endpoint()
    {
        var cases = (await EndpointInventory.ListAsync(store.Services)).Where(c => Expectations.ContainsKey(c.Key)).ToList();
        Assert.True(cases.Count > 100, $"Expected the store's endpoints to be found, found {cases.Count}.");
        var clients = new Dictionary<Role, BrowserClient>
        {
            [Role.Stranger] = store.CreateBrowserClient(),
            [Role.Shopper] = (await store.SignInNewUserAsync()).Client,
            [Role.Editor] = (await store.SignInNewUserAsync(StaffRoles.Editor)).Client,
            [Role.Merchandiser] = (await store.SignInNewUserAsync(StaffRoles.Merchandiser)).Client,
            [Role.Admin] = (await store.SignInNewUserAsync(StaffRoles.Admin)).Client,
        };

        var failures = new List<string>();
        foreach (var endpoint in cases)
        {
            var access = Expectations[endpoint.Key];
            foreach (var (role, client) in clients)
            {
                // Posts carry no form token: a role that may post gets past authorization and is then refused by the
                // antiforgery check (400), so nothing is changed by this test.
                using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Url());
                if (endpoint.Method != "GET")
                    request.Content = new FormUrlEncodedContent([]);
                using var response = await client.Http.SendAsync(request);
                var answer = Classify(response);
                var expected = Expected(access, role);
                if (!Matches(expected, answer, response))
                    failures.Add($"{endpoint.Key} as {role}: expected {expected}, answered {(int)response.StatusCode} {response.Headers.Location}");
            }
        }
        foreach (var client in clients.Values)
            client.Dispose();
        Assert.True(failures.Count == 0, $"{failures.Count} answers differ from the expectations:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task The_refusal_page_for_a_shopper_is_a_friendly_403()
    {
        var (shopper, _) = await store.SignInNewUserAsync();
        var response = await shopper.GetAsync("/staff");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("This page is not for your account", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private enum Answer { SignIn, Forbidden, Through }

    private enum Outcome { SentToSignIn, Forbidden, Allowed, RefusedToken, RefusedUnsigned, RefusedWithoutKey }

    private static bool IsOpen(Access access) => access is Access.Public or Access.TokenLink or Access.SignInStep or Access.SignedWebhook or Access.ApiKey;

    private static Outcome Expected(Access access, Role role) => access switch
    {
        Access.Public => Outcome.Allowed,
        Access.TokenLink => Outcome.RefusedToken,
        Access.SignInStep => Outcome.SentToSignIn,
        Access.SignedWebhook => Outcome.RefusedUnsigned,
        Access.ApiKey => Outcome.RefusedWithoutKey,
        _ when role == Role.Stranger => Outcome.SentToSignIn,
        Access.SignedIn => Outcome.Allowed,
        _ when role == Role.Shopper => Outcome.Forbidden,
        Access.Staff => Outcome.Allowed,
        Access.Editorial => role is Role.Editor or Role.Admin ? Outcome.Allowed : Outcome.Forbidden,
        Access.Merchandising => role is Role.Merchandiser or Role.Admin ? Outcome.Allowed : Outcome.Forbidden,
        Access.Admin => role == Role.Admin ? Outcome.Allowed : Outcome.Forbidden,
        _ => throw new ArgumentOutOfRangeException(nameof(access)),
    };

    private static Answer Classify(HttpResponseMessage response) => response.StatusCode switch
    {
        HttpStatusCode.Unauthorized => Answer.SignIn,
        HttpStatusCode.Redirect when response.Headers.Location?.ToString().Contains("/Identity/Account/Login", StringComparison.Ordinal) == true => Answer.SignIn,
        HttpStatusCode.Forbidden => Answer.Forbidden,
        _ => Answer.Through,
    };

    private static bool Matches(Outcome expected, Answer answer, HttpResponseMessage response) => expected switch
    {
        Outcome.SentToSignIn => answer == Answer.SignIn,
        Outcome.Forbidden => answer == Answer.Forbidden,
        Outcome.Allowed => answer == Answer.Through && (int)response.StatusCode < 500,
        Outcome.RefusedToken => answer == Answer.Through && (int)response.StatusCode is >= 400 and < 500,
        Outcome.RefusedUnsigned => response.StatusCode == HttpStatusCode.BadRequest,
        Outcome.RefusedWithoutKey => response.StatusCode == HttpStatusCode.Unauthorized,
        _ => false,
    };
}
