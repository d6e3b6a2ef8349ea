using FibroStore.SharedKernel.Security;

namespace FibroStore.Accounts.Tests.Staff;

/// <summary>The ways a stranger tried to become staff through invitations, each closed.</summary>
public sealed class InvitationTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private static Dictionary<string, string> Invitation(string email, string name, string role) => new()
    {
        ["Input.DisplayName"] = name,
        ["Input.Email"] = email,
        ["Input.Roles[0]"] = role,
    };

    private static Dictionary<string, string> SignInForm(string email, string password) =>
        new() { ["Input.Email"] = email, ["Input.Password"] = password };

    [Fact]
    public async Task A_strangers_unconfirmed_account_for_the_invited_address_is_taken_over_and_its_password_stops_working()
    {
        var email = NewEmail("newhire");
        const string strangersPassword = "i-am-not-the-new-hire";
        using var stranger = store.CreateBrowserClient();
        var registered = await stranger.PostFormAsync("/Identity/Account/Register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Not The New Hire",
            ["Input.Email"] = email,
            ["Input.Password"] = strangersPassword,
            ["Input.ConfirmPassword"] = strangersPassword,
        });
        await registered.ExpectAsync(HttpStatusCode.Redirect);
        var registrationMail = await store.Mailbox.WaitForAsync(m => m.To == email && m.Subject == "Please confirm your email address");

        using var admin = (await store.SignInNewUserAsync(StaffRoles.Admin)).Client;
        var invited = await admin.PostFormAsync("/staff/people/invite", Invitation(email, "New Hire", StaffRoles.Admin));
        await invited.ExpectAsync(HttpStatusCode.Redirect);
        var notice = WebUtility.HtmlDecode(await admin.GetPageAsync("/staff/people"));

        // The address's owner, told they are now staff, confirms the address the way anyone would: as the live
        // attack went, that is what used to turn the stranger's password into an admin's.
        using var owner = store.CreateBrowserClient();
        var resent = await owner.PostFormAsync("/Identity/Account/ResendEmailConfirmation",
            new Dictionary<string, string> { ["Input.Email"] = email });
        await resent.ExpectAsync(HttpStatusCode.Redirect);
        var confirmation = await store.Mailbox.WaitForAsync(m => m.To == email && m.Subject == "Please confirm your email address" && m != registrationMail);
        await (await owner.GetAsync(LinkIn(confirmation, "/Identity/Account/ConfirmEmail"))).ExpectAsync(HttpStatusCode.OK);

        var strangerSignIn = await stranger.PostFormAsync("/Identity/Account/Login", SignInForm(email, strangersPassword));
        await strangerSignIn.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("We could not sign you in", await strangerSignIn.TextAsync(), StringComparison.Ordinal);
        var people = await stranger.GetAsync("/staff/people");
        Assert.Equal(HttpStatusCode.Redirect, people.StatusCode);
        Assert.Contains("/Identity/Account/Login", people.Headers.Location?.OriginalString, StringComparison.Ordinal);
        // The link in the stranger's registration email belonged to the old account and no longer works either.
        await (await stranger.GetAsync(LinkIn(registrationMail, "/Identity/Account/ConfirmEmail"))).ExpectAsync(HttpStatusCode.BadRequest);

        var invitation = await store.Mailbox.WaitForAsync(m => m.To == email && m.Subject.StartsWith("You are invited", StringComparison.Ordinal));
        var link = LinkIn(invitation, "/account/accept-invitation");
        Assert.Contains("Welcome, New Hire.", await owner.GetPageAsync(link), StringComparison.Ordinal);
        var accepted = await owner.PostFormAsync(link, new Dictionary<string, string>
        {
            ["Input.Password"] = "the-real-new-hire-here",
            ["Input.ConfirmPassword"] = "the-real-new-hire-here",
        });
        await accepted.ExpectAsync(HttpStatusCode.Redirect);
        var signIn = await owner.PostFormAsync("/Identity/Account/Login?ReturnUrl=%2Fstaff", SignInForm(email, "the-real-new-hire-here"));
        Assert.Equal("/staff", signIn.Headers.Location?.OriginalString);
        await store.SetUpAuthenticatorAsync(owner, email);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/staff/people")).StatusCode);

        var again = await stranger.PostFormAsync("/Identity/Account/Login", SignInForm(email, strangersPassword));
        await again.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("had an account that was never confirmed", notice, StringComparison.Ordinal);
        await store.InScopeAsync(async sp =>
        {
            var user = (await sp.GetRequiredService<UserManager<StoreUser>>().FindByEmailAsync(email))!;
            Assert.Equal("New Hire", user.DisplayName);
        });
    }

    [Fact]
    public async Task A_password_reset_code_does_not_open_an_invitation_nor_skip_the_second_step()
    {
        var email = NewEmail("careful-editor");
        var userId = await store.CreateUserAsync(email, StoreFactory.DefaultPassword, StaffRoles.Editor);
        using var attacker = store.CreateBrowserClient();
        var asked = await attacker.PostFormAsync("/Identity/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = email });
        await asked.ExpectAsync(HttpStatusCode.Redirect);
        var reset = await store.Mailbox.WaitForAsync(m => m.To == email && m.Subject == "Choose a new password");
        var code = Uri.UnescapeDataString(LinkIn(reset, "/Identity/Account/ResetPassword").Split("code=")[1]);
        var forged = $"/account/accept-invitation?userId={userId}&code={Uri.EscapeDataString(code)}";

        var opened = await attacker.GetAsync(forged);
        await opened.ExpectAsync(HttpStatusCode.BadRequest);
        var html = await attacker.GetAsync("/Identity/Account/Login");
        var token = HiddenFields(await html.Content.ReadAsStringAsync()).Single(f => f.Key == "__RequestVerificationToken").Value;
        var posted = await attacker.PostRawAsync(forged, new Dictionary<string, string>
        {
            ["Input.Password"] = "attacker-chose-this",
            ["Input.ConfirmPassword"] = "attacker-chose-this",
        }, token);
        await posted.ExpectAsync(HttpStatusCode.BadRequest);

        var staff = await attacker.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.Redirect, staff.StatusCode);
        Assert.Contains("/Identity/Account/Login", staff.Headers.Location?.OriginalString, StringComparison.Ordinal);
        // The owner's password is unchanged and still leads to the second step.
        using var owner = store.CreateBrowserClient();
        var signIn = await owner.PostFormAsync("/Identity/Account/Login", SignInForm(email, StoreFactory.DefaultPassword));
        Assert.StartsWith("/Identity/Account/LoginWith2fa", signIn.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inviting_again_makes_the_earlier_link_stop_working()
    {
        var email = NewEmail("twice");
        using var admin = (await store.SignInNewUserAsync(StaffRoles.Admin)).Client;
        await (await admin.PostFormAsync("/staff/people/invite", Invitation(email, "Twice", StaffRoles.Editor))).ExpectAsync(HttpStatusCode.Redirect);
        var first = LinkIn(await store.Mailbox.WaitForAsync(email), "/account/accept-invitation");

        await (await admin.PostFormAsync("/staff/people/invite", Invitation(email, "Twice", StaffRoles.Editor))).ExpectAsync(HttpStatusCode.Redirect);
        var second = LinkIn(await store.Mailbox.WaitForAsync(m => m.To == email && !(m.TextBody ?? "").Contains(first, StringComparison.Ordinal)),
            "/account/accept-invitation");

        using var client = store.CreateBrowserClient();
        await (await client.GetAsync(first)).ExpectAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync(second)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_invitation_link_never_works_for_an_account_that_has_a_password()
    {
        var email = NewEmail("has-password");
        var userId = await store.CreateUserAsync(email);
        var token = await store.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<StoreUser>>();
            return await users.GenerateUserTokenAsync((await users.FindByIdAsync(userId))!, "StaffInvitation", "AcceptStaffInvitation");
        });
        using var client = store.CreateBrowserClient();

        var response = await client.GetAsync($"/account/accept-invitation?userId={userId}&code={FibroStore.Accounts.Identity.StoreLinks.EncodeToken(token)}");

        await response.ExpectAsync(HttpStatusCode.BadRequest);
    }
}
