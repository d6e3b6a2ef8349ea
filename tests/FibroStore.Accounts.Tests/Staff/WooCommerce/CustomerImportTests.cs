using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using FibroStore.SharedKernel.Security;
using Microsoft.EntityFrameworkCore;

namespace FibroStore.Accounts.Tests.Staff.WooCommerce;

/// <summary>
/// Calm Corner's customers as WooCommerce's Customer/Order/Coupon export writes them
/// (calmcorner-customers-2026-11-20.csv, written for this project): non-Latin names, a company billing address, a
/// customer with no delivery address, one who already has an account here, a guest row without an email, and the
/// same customer twice in different letter case.
/// </summary>
public sealed partial class CustomerImportTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private const string Url = "/staff/people/import-customers";
    private const string Eilidh = "eilidh.macleod@calmcorner-customers.example";
    private const string Sian = "sian.pritchard@calmcorner-customers.example";
    private const string Morag = "morag.innes@calmcorner-customers.example";

    private static string Export() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Staff", "WooCommerce", "calmcorner-customers-2026-11-20.csv"));

    private static async Task<HttpResponseMessage> UploadAsync(BrowserClient client, string csv)
    {
        var page = await client.GetPageAsync(Url);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "customers-export-2026-11-20.csv");
        form.Add(new StringContent(WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value)), "__RequestVerificationToken");
        return await client.Http.PostAsync(Url, form);
    }

    [Fact]
    public async Task Customers_become_confirmed_accounts_without_a_password_and_unemailed_then_set_one_through_forgot_password()
    {
        await store.CreateUserAsync(Morag, "moragas-own-password");
        var (admin, adminId) = await store.SignInNewUserAsync(StaffRoles.Admin);
        using var _ = admin;

        var response = await UploadAsync(admin, Export());

        await response.ExpectAsync(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Accounts created: 3. Already had an account: 1. Addresses kept: 6. Nobody was emailed.", html, StringComparison.Ordinal);
        Assert.Contains($"<tr><td>5</td><td>{Morag}</td><td>Already has an account here; it was left as it is.</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>6</td><td>not-an-email</td><td>Left out: this is not an email address.</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>7</td><td>Eilidh.MacLeod@calmcorner-customers.example</td><td>Left out: the same email is on an earlier row.</td></tr>", html, StringComparison.Ordinal);
        await store.DrainOutboxAsync();
        var audit = (string?)await store.SqlAsync(
            "SELECT after::text FROM siteservices.audit_entries WHERE action = 'customers.imported' AND actor_id = @actor", ("actor", adminId));
        Assert.NotNull(audit);
        Assert.Contains("\"created\": 3", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("calmcorner-customers.example", audit, StringComparison.Ordinal);

        var (sian, addresses, morag) = await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccountsDbContext>();
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == Sian);
            var kept = await db.Addresses.AsNoTracking().Where(a => a.UserId == user.Id).OrderBy(a => a.Kind).ToListAsync();
            var existing = await db.Users.AsNoTracking().SingleAsync(u => u.Email == Morag);
            return (user, kept, existing);
        });
        Assert.True(sian.EmailConfirmed);
        Assert.Null(sian.PasswordHash);
        Assert.Equal("Siân Pritchard", sian.DisplayName);
        Assert.Equal(new DateTimeOffset(2025, 1, 19, 18, 2, 7, TimeSpan.Zero), sian.CreatedAt);
        Assert.Equal(
            [(AddressKind.Billing, "Pritchard Physio Ltd", "3 Heol y Felin", "CF14 2DL", "GB", "029 2018 0456"), (AddressKind.Shipping, "", "Ground floor, 8 Clos Cae Mawr", "CF14 3RB", "GB", "")],
            addresses.Select(a => (a.Kind, a.Company, a.Line1, a.PostalCode, a.Country, a.Phone)));
        Assert.NotNull(morag.PasswordHash);
        Assert.Empty(store.Mailbox.To(Eilidh));

        // The customer signs in the way the README tells them: "Forgot your password?", then the emailed link.
        using var customer = store.CreateBrowserClient();
        var asked = await customer.PostFormAsync("/Identity/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = Eilidh });
        await asked.ExpectAsync(HttpStatusCode.Redirect);
        var mail = await store.Mailbox.WaitForAsync(m => m.To == Eilidh && m.Subject == "Choose a new password");
        var reset = await customer.PostFormAsync(LinkIn(mail, "/Identity/Account/ResetPassword"), new Dictionary<string, string>
        {
            ["Input.Email"] = Eilidh,
            ["Input.Password"] = "heather-and-oatcakes",
            ["Input.ConfirmPassword"] = "heather-and-oatcakes",
        });
        await reset.ExpectAsync(HttpStatusCode.Redirect);
        using var signedIn = await store.SignedInClientAsync(Eilidh, "heather-and-oatcakes");
        // The reset is the only email this customer ever got: the import sent none.
        Assert.Single(store.Mailbox.To(Eilidh));

        // Importing the same file again adds nobody and no second address.
        var again = WebUtility.HtmlDecode(await (await UploadAsync(admin, Export())).Content.ReadAsStringAsync());
        Assert.Contains("Accounts created: 0. Already had an account: 4. Addresses kept: 0.", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_without_an_email_column_is_refused_with_a_message_and_nobody_is_added()
    {
        using var admin = (await store.SignInNewUserAsync(StaffRoles.Admin)).Client;

        var response = await UploadAsync(admin, "first_name,last_name\nAnnie,Nobody\n");

        await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("with an email column", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
