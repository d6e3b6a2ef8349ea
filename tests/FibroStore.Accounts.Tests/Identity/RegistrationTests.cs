namespace FibroStore.Accounts.Tests.Identity;

public sealed class RegistrationTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private const string RegisterUrl = "/Identity/Account/Register";

    private static Dictionary<string, string> Form(string email, string name = "Ann", string password = "gentle-morning-walk",
        string? confirm = null) => new()
    {
        ["Input.DisplayName"] = name,
        ["Input.Email"] = email,
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = confirm ?? password,
    };

    [Fact]
    public async Task Registering_sends_a_confirmation_link_by_smtp_that_confirms_the_account_so_the_person_can_sign_in()
    {
        var email = NewEmail("ann");
        using var client = store.CreateBrowserClient();

        var registered = await client.PostFormAsync(RegisterUrl, Form(email));
        await registered.ExpectAsync(HttpStatusCode.Redirect);
        Assert.Equal("/Identity/Account/RegisterConfirmation", registered.Headers.Location?.OriginalString);

        var mail = await store.Mailbox.WaitForAsync(email);
        Assert.Equal("Please confirm your email address", mail.Subject);
        Assert.Contains("Hello Ann,", mail.TextBody, StringComparison.Ordinal);
        var confirmLink = LinkIn(mail, "/Identity/Account/ConfirmEmail");

        var early = await client.PostFormAsync("/Identity/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "gentle-morning-walk" });
        await early.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("please first open the confirmation link", await early.TextAsync(), StringComparison.Ordinal);

        var confirmed = await client.GetAsync(confirmLink);
        await confirmed.ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("Thank you for confirming your email address", await confirmed.TextAsync(), StringComparison.Ordinal);

        using var signedIn = await store.SignedInClientAsync(email, "gentle-morning-walk");
        var account = await signedIn.GetAsync("/Identity/Account/Manage");
        await account.ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("value=\"Ann\"", await account.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_an_address_that_has_an_account_looks_the_same_and_tells_the_owner_by_email()
    {
        var email = NewEmail("owner");
        await store.CreateUserAsync(email);
        using var client = store.CreateBrowserClient();

        var response = await client.PostFormAsync(RegisterUrl, Form(email, name: "Someone else"));

        await response.ExpectAsync(HttpStatusCode.Redirect);
        Assert.Equal("/Identity/Account/RegisterConfirmation", response.Headers.Location?.OriginalString);
        var mail = await store.Mailbox.WaitForAsync(email);
        Assert.Equal("You already have an account", mail.Subject);
        LinkIn(mail, "/Identity/Account/ForgotPassword");
    }

    [Fact]
    public async Task A_damaged_confirmation_link_answers_400_and_offers_a_new_one()
    {
        using var client = store.CreateBrowserClient();

        var response = await client.GetAsync("/Identity/Account/ConfirmEmail?userId=nobody&code=%%%");

        await response.ExpectAsync(HttpStatusCode.BadRequest);
        var text = await response.TextAsync();
        Assert.Contains("This link does not work", text, StringComparison.Ordinal);
        Assert.Contains("Send me a new confirmation link", text, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string, string, string> BadForms => new()
    {
        { "", "", "", "", "Enter your name." },
        { "", "", "", "", "Enter your email address." },
        { "", "", "", "", "Choose a password." },
        { "Ann", "not-an-address", "gentle-morning-walk", "gentle-morning-walk", "Enter an email address like name@example.com." },
        { "Ann", new string('a', 250) + "@example.org", "gentle-morning-walk", "gentle-morning-walk", "An email address can be at most 254 characters long." },
        { new string('n', 81), "ann@example.org", "gentle-morning-walk", "gentle-morning-walk", "Your name can be at most 80 characters long." },
        { "Ann", "ann@example.org", new string('p', 129), new string('p', 129), "Choose a password of at least 10 and at most 128 characters." },
        { "Ann", "ann@example.org", "short", "short", "Choose a password of at least 10 and at most 128 characters." },
        { "Ann", "ann@example.org", "gentle-morning-walk", "gentle-evening-walk", "The two passwords are not the same." },
    };

    [Theory]
    [MemberData(nameof(BadForms))]
    public async Task A_form_that_is_empty_overlong_or_malformed_answers_400_with_a_clear_message(
        string name, string email, string password, string confirm, string expected)
    {
        using var client = store.CreateBrowserClient();

        var response = await client.PostFormAsync(RegisterUrl, Form(email, name, password, confirm));

        await response.ExpectAsync(HttpStatusCode.BadRequest);
        var text = await response.TextAsync();
        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.Contains("to fix", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_overlong_address_on_a_kept_identity_page_is_refused_with_a_message()
    {
        using var client = store.CreateBrowserClient();

        var response = await client.PostFormAsync("/Identity/Account/ForgotPassword",
            new Dictionary<string, string> { ["Input.Email"] = new string('a', 250) + "@example.org" });

        await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("An email address can be at most 254 characters long.", await response.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identity_pages_use_the_site_layout_without_inline_styles_or_scripts()
    {
        using var client = store.CreateBrowserClient();
        foreach (var url in new[] { RegisterUrl, "/Identity/Account/Login", "/Identity/Account/ForgotPassword", "/Identity/Account/ResendEmailConfirmation" })
        {
            var html = await client.GetPageAsync(url);
            Assert.Contains("class=\"skip-link\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
            // The layout's own script, allowed by its hash, is the only one: none of Identity's default scripts.
            Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(html, "<script", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
            Assert.DoesNotContain("bootstrap", html, StringComparison.OrdinalIgnoreCase);
        }
    }
}
