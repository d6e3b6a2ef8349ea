using System.Net;
using FibroStore.TestKit;

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

    private static async Task<string> FormTokenAsync(BrowserClient client)
    {
        var state = System.Text.Json.JsonDocument.Parse(await client.GetPageAsync("/session/state"));
        return state.RootElement.GetProperty("antiforgery").GetProperty("token").GetString()!;
    }
}
