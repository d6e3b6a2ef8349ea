namespace FibroStore.Accounts.Tests.Identity.Manage;

public sealed class AccountSettingsTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Theory]
    [InlineData("Index")]
    [InlineData("Email")]
    [InlineData("ChangePassword")]
    [InlineData("TwoFactorAuthentication")]
    [InlineData("EnableAuthenticator")]
    [InlineData("ResetAuthenticator")]
    [InlineData("PersonalData")]
    [InlineData("DeletePersonalData")]
    public async Task Every_account_settings_page_renders_in_the_site_layout_with_the_side_navigation(string page)
    {
        var (client, _) = await store.SignInNewUserAsync();
        using (client)
        {
            var html = await client.GetPageAsync($"/Identity/Account/Manage/{page}");

            Assert.Contains("class=\"skip-link\"", html, StringComparison.Ordinal);
            Assert.Contains("<h1>Your account</h1>", html, StringComparison.Ordinal);
            Assert.Contains("<nav aria-label=\"Account settings\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("bootstrap", html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task The_page_for_sign_in_through_other_services_is_not_offered_because_the_store_has_none()
    {
        var (client, _) = await store.SignInNewUserAsync();
        using (client)
        {
            var settings = await client.GetPageAsync("/Identity/Account/Manage");
            Assert.DoesNotContain("ExternalLogins", settings, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Identity/Account/Manage/ExternalLogins")).StatusCode);
        }
    }

    [Fact]
    public async Task A_new_name_is_saved_and_greets_the_person_from_then_on()
    {
        var (client, _) = await store.SignInNewUserAsync();
        using (client)
        {
            var saved = await client.PostFormAsync("/Identity/Account/Manage", new Dictionary<string, string> { ["Input.DisplayName"] = "Robin" });
            await saved.ExpectAsync(HttpStatusCode.Redirect);

            var html = await client.GetPageAsync("/Identity/Account/Manage");
            Assert.Contains("Your profile is saved.", html, StringComparison.Ordinal);
            Assert.Contains("value=\"Robin\"", html, StringComparison.Ordinal);

            var tooLong = await client.PostFormAsync("/Identity/Account/Manage", new Dictionary<string, string> { ["Input.DisplayName"] = new string('r', 81) });
            await tooLong.ExpectAsync(HttpStatusCode.BadRequest);
            Assert.Contains("Your name can be at most 80 characters long.", await tooLong.TextAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one()
    {
        var email = NewEmail("changer");
        await store.CreateUserAsync(email);
        using var client = await store.SignedInClientAsync(email);

        var wrong = await client.PostFormAsync("/Identity/Account/Manage/ChangePassword", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = "not-the-current-one",
            ["Input.NewPassword"] = "evening-tea-and-rest",
            ["Input.ConfirmPassword"] = "evening-tea-and-rest",
        });
        await wrong.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("That password is not right.", await wrong.TextAsync(), StringComparison.Ordinal);

        var changed = await client.PostFormAsync("/Identity/Account/Manage/ChangePassword", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = StoreFactory.DefaultPassword,
            ["Input.NewPassword"] = "evening-tea-and-rest",
            ["Input.ConfirmPassword"] = "evening-tea-and-rest",
        });
        await changed.ExpectAsync(HttpStatusCode.Redirect);
        Assert.Contains("Your password is changed.", await client.GetPageAsync("/Identity/Account/Manage/ChangePassword"), StringComparison.Ordinal);
        using var again = await store.SignedInClientAsync(email, "evening-tea-and-rest");
    }

    [Fact]
    public async Task A_new_email_address_is_used_only_once_its_emailed_link_is_opened()
    {
        var oldEmail = NewEmail("moving");
        var newEmail = NewEmail("moved");
        await store.CreateUserAsync(oldEmail);
        using var client = await store.SignedInClientAsync(oldEmail);

        var asked = await client.PostFormAsync("/Identity/Account/Manage/Email",
            new Dictionary<string, string> { ["Input.NewEmail"] = newEmail }, action: "/Identity/Account/Manage/Email?handler=ChangeEmail");
        await asked.ExpectAsync(HttpStatusCode.Redirect);
        var mail = await store.Mailbox.WaitForAsync(newEmail);
        Assert.Equal("Please confirm your new email address", mail.Subject);

        var confirmed = await client.GetAsync(LinkIn(mail, "/Identity/Account/ConfirmEmailChange"));
        await confirmed.ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("Thank you for confirming your email change.", await confirmed.TextAsync(), StringComparison.Ordinal);
        using var signedIn = await store.SignedInClientAsync(newEmail);
    }
}
