using System.Text.RegularExpressions;

namespace FibroStore.Accounts.Tests.Identity.Manage;

public sealed partial class TwoFactorTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private const string EnableUrl = "/Identity/Account/Manage/EnableAuthenticator";

    [Fact]
    public async Task The_authenticator_page_draws_the_qr_code_as_labelled_svg_next_to_the_key()
    {
        var (client, _) = await store.SignInNewUserAsync();
        using (client)
        {
            var html = await client.GetPageAsync(EnableUrl);

            var svg = Regex.Match(html, "<svg[^>]*>");
            Assert.True(svg.Success, "No inline SVG on the page.");
            Assert.Contains("role=\"img\"", svg.Value, StringComparison.Ordinal);
            Assert.Contains("aria-label=\"QR code for setting up", svg.Value, StringComparison.Ordinal);
            Assert.Matches("<path d=\"(M\\d+ \\d+h1v1h-1z)+\"", html);
            Assert.Matches(KeyPattern(), html);
            Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("<nav aria-label=\"Account settings\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_code_from_the_app_turns_on_two_step_sign_in_and_the_next_sign_in_asks_for_a_code()
    {
        var email = NewEmail("careful");
        await store.CreateUserAsync(email);
        using var client = await store.SignedInClientAsync(email);
        var key = KeyPattern().Match(await client.GetPageAsync(EnableUrl)).Groups[1].Value;

        var enabled = await client.PostFormAsync(EnableUrl, new Dictionary<string, string> { ["Input.Code"] = Authenticator.Code(key) });
        await enabled.ExpectAsync(HttpStatusCode.Redirect);
        Assert.Equal("/Identity/Account/Manage/ShowRecoveryCodes", enabled.Headers.Location?.OriginalString);
        var codes = await client.GetPageAsync("/Identity/Account/Manage/ShowRecoveryCodes");
        Assert.Equal(10, Regex.Count(codes, "<li><code>"));

        using var later = store.CreateBrowserClient();
        var signIn = await later.PostFormAsync("/Identity/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = StoreFactory.DefaultPassword });
        await signIn.ExpectAsync(HttpStatusCode.Redirect);
        var codePage = signIn.Headers.Location!.OriginalString;
        Assert.StartsWith("/Identity/Account/LoginWith2fa", codePage, StringComparison.Ordinal);
        Assert.Contains("Enter your sign-in code", await later.GetPageAsync(codePage), StringComparison.Ordinal);

        var finished = await later.PostFormAsync(codePage, new Dictionary<string, string> { ["Input.TwoFactorCode"] = Authenticator.Code(key) });
        await finished.ExpectAsync(HttpStatusCode.Redirect);
        Assert.Equal(HttpStatusCode.OK, (await later.GetAsync("/Identity/Account/Manage")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_code_is_refused_with_400_and_the_qr_code_is_shown_again()
    {
        var (client, _) = await store.SignInNewUserAsync();
        using (client)
        {
            var response = await client.PostFormAsync(EnableUrl, new Dictionary<string, string> { ["Input.Code"] = "000000" });

            await response.ExpectAsync(HttpStatusCode.BadRequest);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("Verification code is invalid.", html, StringComparison.Ordinal);
            Assert.Contains("<svg", html, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("<kbd>([a-z2-7 ]{20,})</kbd>")]
    private static partial Regex KeyPattern();
}
