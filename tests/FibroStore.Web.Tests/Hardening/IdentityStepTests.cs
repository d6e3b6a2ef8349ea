namespace FibroStore.Web.Tests.Hardening;

/// <summary>Identity's pages opened out of turn (an old tab, a bookmark) send the person to where that step starts.</summary>
public sealed class IdentityStepTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Theory]
    [InlineData("/Identity/Account/LoginWith2fa")]
    [InlineData("/Identity/Account/LoginWithRecoveryCode")]
    public async Task A_code_page_with_no_sign_in_waiting_for_a_code_sends_to_sign_in(string page)
    {
        using var client = store.CreateBrowserClient();

        var response = await client.GetAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Identity/Account/Login", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_code_posted_with_no_sign_in_waiting_for_it_sends_to_sign_in()
    {
        using var client = store.CreateBrowserClient();
        var token = await FormTokenAsync(client);

        var response = await client.PostRawAsync("/Identity/Account/LoginWith2fa", new Dictionary<string, string> { ["Input.TwoFactorCode"] = "123456" }, token);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Identity/Account/Login", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/Identity/Account/Manage/Disable2fa")]
    [InlineData("/Identity/Account/Manage/GenerateRecoveryCodes")]
    public async Task Two_step_pages_for_an_account_without_two_step_sign_in_send_to_its_settings(string page)
    {
        var (shopper, _) = await store.SignInNewUserAsync();

        var response = await shopper.GetAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Identity/Account/Manage/TwoFactorAuthentication", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/Identity/Account/ExternalLogin")]
    [InlineData("/Identity/Account/Manage/ExternalLogins")]
    public async Task Pages_for_signing_in_with_other_services_do_not_exist(string page)
    {
        var (shopper, _) = await store.SignInNewUserAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await shopper.GetAsync(page)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await shopper.Http.PostAsync(page + "?handler=LinkLogin",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["provider"] = "Nowhere" }))).StatusCode);
    }

    [Fact]
    public async Task Signing_out_with_a_return_address_on_another_site_signs_out_and_stays_here()
    {
        var (shopper, _) = await store.SignInNewUserAsync();
        var token = await FormTokenAsync(shopper);

        var response = await shopper.PostRawAsync("/Identity/Account/Logout?returnUrl=https%3A%2F%2Fevil.example%2F", new Dictionary<string, string>(), token);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("evil.example", response.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        Assert.Contains("\"signedIn\":false", await shopper.GetPageAsync("/session/state"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_an_account_with_the_password_left_empty_asks_for_it_and_deletes_nothing()
    {
        var email = $"keep-{Guid.NewGuid():N}@example.org";
        var id = await store.CreateUserAsync(email);
        using var client = await store.SignedInClientAsync(email);

        var response = await client.PostFormAsync("/Identity/Account/Manage/DeletePersonalData", new Dictionary<string, string> { ["Input.Password"] = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Enter your password to confirm", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1L, await store.SqlAsync("SELECT count(*) FROM accounts.users WHERE id = @id", ("id", id)));
    }

    private static async Task<string> FormTokenAsync(BrowserClient client)
    {
        var state = System.Text.Json.JsonDocument.Parse(await client.GetPageAsync("/session/state"));
        return state.RootElement.GetProperty("antiforgery").GetProperty("token").GetString()!;
    }
}
