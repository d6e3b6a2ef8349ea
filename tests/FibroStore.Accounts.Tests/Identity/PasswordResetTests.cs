namespace FibroStore.Accounts.Tests.Identity;

public sealed class PasswordResetTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task A_new_password_chosen_through_the_emailed_link_works_and_ends_a_lockout()
    {
        var email = NewEmail("reset");
        await store.CreateUserAsync(email);
        using var client = store.CreateBrowserClient();
        for (var attempt = 0; attempt < 5; attempt++)
            await client.PostFormAsync("/Identity/Account/Login",
                new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "wrong-wrong-wrong" });

        var asked = await client.PostFormAsync("/Identity/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = email });
        await asked.ExpectAsync(HttpStatusCode.Redirect);
        var mail = await store.Mailbox.WaitForAsync(m => m.To == email && m.Subject == "Choose a new password");
        var link = LinkIn(mail, "/Identity/Account/ResetPassword");
        Assert.DoesNotContain("//localhost", mail.TextBody, StringComparison.Ordinal);

        var reset = await client.PostFormAsync(link, new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "a-brand-new-password",
            ["Input.ConfirmPassword"] = "a-brand-new-password",
        });
        await reset.ExpectAsync(HttpStatusCode.Redirect);
        Assert.Equal("/Identity/Account/ResetPasswordConfirmation", reset.Headers.Location?.OriginalString);

        using var signedIn = await store.SignedInClientAsync(email, "a-brand-new-password");
        var again = await client.PostFormAsync(link, new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "yet-another-password",
            ["Input.ConfirmPassword"] = "yet-another-password",
        });
        await again.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("This link has expired, was already used", await again.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reset_link_without_a_usable_code_answers_400()
    {
        using var client = store.CreateBrowserClient();

        var response = await client.GetAsync("/Identity/Account/ResetPassword?code=%%%");

        await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Ask for a new link", await response.TextAsync(), StringComparison.Ordinal);
    }
}
