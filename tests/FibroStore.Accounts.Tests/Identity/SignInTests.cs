namespace FibroStore.Accounts.Tests.Identity;

public sealed class SignInTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private const string LoginUrl = "/Identity/Account/Login";

    private static Dictionary<string, string> Form(string email, string password) =>
        new() { ["Input.Email"] = email, ["Input.Password"] = password };

    [Fact]
    public async Task The_fifth_wrong_password_pauses_sign_in_with_429_and_says_when_to_try_again()
    {
        var email = NewEmail("forgetful");
        await store.CreateUserAsync(email);
        using var client = store.CreateBrowserClient();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var wrong = await client.PostFormAsync(LoginUrl, Form(email, $"not-my-password-{attempt}"));
            await wrong.ExpectAsync(HttpStatusCode.BadRequest);
            Assert.Contains("We could not sign you in", await wrong.TextAsync(), StringComparison.Ordinal);
        }

        var fifth = await client.PostFormAsync(LoginUrl, Form(email, "not-my-password-5"));
        await fifth.ExpectAsync(HttpStatusCode.TooManyRequests);
        var text = await fifth.TextAsync();
        Assert.Contains("Sign-in is paused for a little while", text, StringComparison.Ordinal);
        Assert.Contains("Please try again in 15 minutes", text.Replace("<strong>", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(15), fifth.Headers.RetryAfter?.Delta);

        var rightPassword = await client.PostFormAsync(LoginUrl, Form(email, StoreFactory.DefaultPassword));
        await rightPassword.ExpectAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task The_lockout_page_answers_429_with_a_calm_explanation()
    {
        using var client = store.CreateBrowserClient();

        var response = await client.GetAsync("/Identity/Account/Lockout");

        await response.ExpectAsync(HttpStatusCode.TooManyRequests);
        var text = await response.TextAsync();
        Assert.Contains("Nothing has been lost or changed", text, StringComparison.Ordinal);
        Assert.Contains("15 minutes", text.Replace("<strong>", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_answer_as_a_wrong_password()
    {
        var email = NewEmail("known");
        await store.CreateUserAsync(email);
        using var client = store.CreateBrowserClient();

        var unknown = await client.PostFormAsync(LoginUrl, Form(NewEmail("unknown"), "whatever-it-is"));
        var wrong = await client.PostFormAsync(LoginUrl, Form(email, "whatever-it-is"));

        await unknown.ExpectAsync(HttpStatusCode.BadRequest);
        await wrong.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("We could not sign you in", await unknown.TextAsync(), StringComparison.Ordinal);
        Assert.Contains("We could not sign you in", await wrong.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_in_returns_to_a_local_page_but_never_to_another_site()
    {
        var email = NewEmail("traveller");
        await store.CreateUserAsync(email);

        using var local = store.CreateBrowserClient();
        var back = await local.PostFormAsync($"{LoginUrl}?ReturnUrl=%2FIdentity%2FAccount%2FManage", Form(email, StoreFactory.DefaultPassword));
        Assert.Equal("/Identity/Account/Manage", back.Headers.Location?.OriginalString);

        using var tricked = store.CreateBrowserClient();
        var away = await tricked.PostFormAsync($"{LoginUrl}?ReturnUrl=https%3A%2F%2Fevil.example", Form(email, StoreFactory.DefaultPassword));
        Assert.Equal("/", away.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Empty_sign_in_form_answers_400_with_a_message_per_field()
    {
        using var client = store.CreateBrowserClient();

        var response = await client.PostFormAsync(LoginUrl, Form("", ""));

        await response.ExpectAsync(HttpStatusCode.BadRequest);
        var text = await response.TextAsync();
        Assert.Contains("Enter your email address.", text, StringComparison.Ordinal);
        Assert.Contains("Enter your password.", text, StringComparison.Ordinal);
    }
}
