using System.Text.Json;
using FibroStore.SharedKernel.Security;

namespace FibroStore.Accounts.Tests.Staff;

public sealed class PeopleTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private const string AuditEvent = "FibroStore.SiteServices.Contracts.StaffActionAudited";

    [Fact]
    public async Task An_invited_editor_chooses_a_password_signs_in_sets_up_two_step_sign_in_and_works_as_an_editor()
    {
        var signedIn = await store.SignInNewUserAsync(StaffRoles.Admin);
        using var admin = signedIn.Client;
        var adminId = signedIn.UserId;
        var email = NewEmail("editor");

        var invited = await admin.PostFormAsync("/staff/people/invite", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Eddie",
            ["Input.Email"] = email,
            ["Input.Roles[0]"] = StaffRoles.Editor,
        });
        await invited.ExpectAsync(HttpStatusCode.Redirect);
        var list = await admin.GetPageAsync("/staff/people");
        Assert.Contains($"Invitation sent to {email}.", WebUtility.HtmlDecode(list), StringComparison.Ordinal);
        Assert.Contains("Invited, not joined yet", list, StringComparison.Ordinal);

        var mail = await store.Mailbox.WaitForAsync(email);
        Assert.StartsWith("You are invited to help run", mail.Subject, StringComparison.Ordinal);
        var link = LinkIn(mail, "/account/accept-invitation");

        using var editor = store.CreateBrowserClient();
        Assert.Contains("Welcome, Eddie.", await editor.GetPageAsync(link), StringComparison.Ordinal);
        var accepted = await editor.PostFormAsync(link, new Dictionary<string, string>
        {
            ["Input.Password"] = "quiet-garden-bench",
            ["Input.ConfirmPassword"] = "quiet-garden-bench",
        });
        // Accepting signs nobody in: the invitee signs in on the normal page, where two-step sign-in applies.
        await accepted.ExpectAsync(HttpStatusCode.Redirect);
        Assert.Equal("/Identity/Account/Login?ReturnUrl=%2Fstaff", accepted.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await editor.GetAsync("/staff")).StatusCode);
        Assert.Contains("Your password is saved. Sign in with it to open the staff area.",
            await editor.GetPageAsync(accepted.Headers.Location!.OriginalString), StringComparison.Ordinal);
        var signIn = await editor.PostFormAsync("/Identity/Account/Login?ReturnUrl=%2Fstaff", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "quiet-garden-bench",
        });
        Assert.Equal("/staff", signIn.Headers.Location?.OriginalString);
        var gated = await editor.GetAsync("/staff");
        Assert.Equal("/Identity/Account/Manage/EnableAuthenticator", gated.Headers.Location?.OriginalString);
        await store.SetUpAuthenticatorAsync(editor, email);
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync("/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync("/staff/people")).StatusCode);

        await store.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<StoreUser>>();
            var user = await users.FindByEmailAsync(email);
            Assert.NotNull(user);
            Assert.True(user.EmailConfirmed);
            Assert.True(user.TwoFactorEnabled);
            Assert.Equal([StaffRoles.Editor], await users.GetRolesAsync(user));
        });
        using var again = await store.SignedInClientAsync(email, "quiet-garden-bench");
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/staff")).StatusCode);

        var used = await editor.GetAsync(link);
        await used.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("This invitation link has expired, was already used", await used.TextAsync(), StringComparison.Ordinal);

        var audit = await store.OutboxAsync(AuditEvent);
        Assert.Contains(audit, m => m.Payload.Contains("\"staff.invited\"", StringComparison.Ordinal) && m.Payload.Contains(adminId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Inviting_an_existing_customer_adds_the_role_and_tells_them_by_email()
    {
        using var admin = (await store.SignInNewUserAsync(StaffRoles.Admin)).Client;
        var email = NewEmail("customer");
        await store.CreateUserAsync(email);

        var response = await admin.PostFormAsync("/staff/people/invite", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Carla",
            ["Input.Email"] = email,
            ["Input.Roles[0]"] = StaffRoles.Merchandiser,
        });

        await response.ExpectAsync(HttpStatusCode.Redirect);
        var mail = await store.Mailbox.WaitForAsync(email);
        Assert.StartsWith("You now help run", mail.Subject, StringComparison.Ordinal);
        LinkIn(mail, "/staff");
        var roles = await store.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<StoreUser>>();
            return await users.GetRolesAsync((await users.FindByEmailAsync(email))!);
        });
        Assert.Equal([StaffRoles.Merchandiser], roles);
    }

    [Fact]
    public async Task An_invitation_without_a_role_or_with_a_bad_address_is_refused_with_400()
    {
        using var admin = (await store.SignInNewUserAsync(StaffRoles.Admin)).Client;

        var noRole = await admin.PostFormAsync("/staff/people/invite", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Nora",
            ["Input.Email"] = NewEmail("nora"),
        });
        var badAddress = await admin.PostFormAsync("/staff/people/invite", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = new string('n', 81),
            ["Input.Email"] = "nora-at-example",
            ["Input.Roles[0]"] = StaffRoles.Editor,
        });

        await noRole.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Choose at least one role.", await noRole.TextAsync(), StringComparison.Ordinal);
        await badAddress.ExpectAsync(HttpStatusCode.BadRequest);
        var text = await badAddress.TextAsync();
        Assert.Contains("Enter an email address like name@example.com.", text, StringComparison.Ordinal);
        Assert.Contains("A name can be at most 80 characters long.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_invitation_link_answers_400_with_what_to_do()
    {
        using var client = store.CreateBrowserClient();

        var response = await client.GetAsync("/account/accept-invitation?userId=someone&code=not-a-code");

        await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("ask the person who invited you to send a new one", await response.TextAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Changing_roles_stages_an_audit_message_with_ids_and_roles_but_no_name_or_address()
    {
        var signedIn = await store.SignInNewUserAsync(StaffRoles.Admin);
        using var admin = signedIn.Client;
        var adminId = signedIn.UserId;
        var email = NewEmail("helper");
        var helperId = await store.CreateUserAsync(email, StoreFactory.DefaultPassword, StaffRoles.Editor);

        var response = await admin.PostFormAsync($"/staff/people/{helperId}", new Dictionary<string, string>
        {
            ["Input.Roles[0]"] = StaffRoles.Editor,
            ["Input.Roles[1]"] = StaffRoles.Merchandiser,
        });

        await response.ExpectAsync(HttpStatusCode.Redirect);
        var message = Assert.Single(await store.OutboxAsync(AuditEvent),
            m => m.Payload.Contains(helperId, StringComparison.Ordinal) && m.Payload.Contains("\"staff.roles_changed\"", StringComparison.Ordinal));
        using var payload = JsonDocument.Parse(message.Payload);
        var root = payload.RootElement;
        Assert.Equal(adminId, root.GetProperty("actorId").GetString());
        Assert.Equal("accounts", root.GetProperty("area").GetString());
        Assert.Equal(helperId, root.GetProperty("entityId").GetString());
        Assert.Equal("{\"roles\":[\"Editor\"]}", root.GetProperty("before").GetString());
        Assert.Equal("{\"roles\":[\"Editor\",\"Merchandiser\"]}", root.GetProperty("after").GetString());
        Assert.DoesNotContain(email, message.Payload, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(email.Split('@')[0], message.Payload, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_people_page_shows_who_has_two_step_sign_in_on()
    {
        using var admin = (await store.SignInNewUserAsync(StaffRoles.Admin)).Client;
        var withApp = NewEmail("with-app");
        await store.CreateUserAsync(withApp, StoreFactory.DefaultPassword, StaffRoles.Editor);
        var withoutApp = NewEmail("without-app");
        var withoutId = await store.CreateUserAsync(withoutApp);
        await store.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<StoreUser>>();
            await users.AddToRoleAsync((await users.FindByIdAsync(withoutId))!, StaffRoles.Editor);
        });

        var html = await admin.GetPageAsync("/staff/people");

        Assert.Contains("<th scope=\"col\">Two-step sign-in</th>", html, StringComparison.Ordinal);
        Assert.Contains("<td>On</td>", RowOf(html, withApp), StringComparison.Ordinal);
        Assert.Contains("<td>Off</td>", RowOf(html, withoutApp), StringComparison.Ordinal);
    }

    private static string RowOf(string html, string email) =>
        System.Text.RegularExpressions.Regex.Matches(html, "<tr>.*?</tr>", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => m.Value).Single(row => row.Contains(email, StringComparison.Ordinal));

    [Fact]
    public async Task The_people_page_lists_staff_with_their_roles()
    {
        using var admin = (await store.SignInNewUserAsync(StaffRoles.Admin)).Client;
        var email = NewEmail("listed");
        await store.CreateUserAsync(email, StoreFactory.DefaultPassword, StaffRoles.Editor, StaffRoles.Merchandiser);
        var shopper = NewEmail("not-listed");
        await store.CreateUserAsync(shopper);

        var html = await admin.GetPageAsync("/staff/people");

        Assert.Contains(email, html, StringComparison.Ordinal);
        Assert.Contains("Editor, Merchandiser", html, StringComparison.Ordinal);
        Assert.DoesNotContain(shopper, html, StringComparison.Ordinal);
        Assert.Contains("aria-current=\"page\">People", html, StringComparison.Ordinal);
    }
}

/// <summary>A store whose admins are exactly the ones each test makes, so "the last admin" is known.</summary>
public sealed class LastAdminTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task The_last_admin_cannot_lose_the_admin_role_until_there_is_another()
    {
        var signedIn = await store.SignInNewUserAsync(StaffRoles.Admin);
        using var admin = signedIn.Client;
        var adminId = signedIn.UserId;
        await KeepOnlyTheseAdminsAsync(adminId);
        var demote = new Dictionary<string, string> { ["Input.Roles[0]"] = StaffRoles.Editor };

        var refused = await admin.PostFormAsync($"/staff/people/{adminId}", demote);
        await refused.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("is the only admin. Make someone else an admin first", await refused.TextAsync(), StringComparison.Ordinal);
        Assert.True(await IsAdminAsync(adminId));
        Assert.DoesNotContain(await store.OutboxAsync("FibroStore.SiteServices.Contracts.StaffActionAudited"),
            m => m.Payload.Contains(adminId, StringComparison.Ordinal) && m.Payload.Contains("roles_changed", StringComparison.Ordinal));

        await store.CreateUserAsync(NewEmail("second-admin"), StoreFactory.DefaultPassword, StaffRoles.Admin);
        var allowed = await admin.PostFormAsync($"/staff/people/{adminId}", demote);
        await allowed.ExpectAsync(HttpStatusCode.Redirect);
        Assert.False(await IsAdminAsync(adminId));
    }

    [Fact]
    public async Task Two_admins_removing_each_other_at_once_leave_one_admin()
    {
        var (firstClient, firstId) = await store.SignInNewUserAsync(StaffRoles.Admin);
        var (secondClient, secondId) = await store.SignInNewUserAsync(StaffRoles.Admin);
        using var first = firstClient;
        using var second = secondClient;
        await KeepOnlyTheseAdminsAsync(firstId, secondId);

        var demote = new Dictionary<string, string> { ["Input.Roles[0]"] = StaffRoles.Editor };
        var results = await Task.WhenAll(
            first.PostFormAsync($"/staff/people/{secondId}", demote),
            second.PostFormAsync($"/staff/people/{firstId}", demote));

        Assert.Single(results, r => r.StatusCode == HttpStatusCode.Redirect);
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.BadRequest);
        Assert.NotEqual(await IsAdminAsync(firstId), await IsAdminAsync(secondId));
    }

    [Fact]
    public async Task The_last_admin_cannot_delete_their_own_account_until_there_is_another()
    {
        var email = NewEmail("only-admin");
        var adminId = await store.CreateUserAsync(email, StoreFactory.DefaultPassword, StaffRoles.Admin);
        using var admin = await store.SignedInClientAsync(email);
        await KeepOnlyTheseAdminsAsync(adminId);
        var delete = new Dictionary<string, string> { ["Input.Password"] = StoreFactory.DefaultPassword };

        Assert.Contains("You are the store's only admin", WebUtility.HtmlDecode(await admin.GetPageAsync("/Identity/Account/Manage/DeletePersonalData")), StringComparison.Ordinal);
        var token = HiddenFields(await admin.GetPageAsync("/Identity/Account/Manage/PersonalData")).First(f => f.Key == "__RequestVerificationToken").Value;
        var refused = await admin.PostRawAsync("/Identity/Account/Manage/DeletePersonalData", delete, token);
        await refused.ExpectAsync(HttpStatusCode.Conflict);
        Assert.Contains("You are the store's only admin, so your account cannot be deleted yet", await refused.TextAsync(), StringComparison.Ordinal);
        Assert.True(await IsAdminAsync(adminId));
        Assert.DoesNotContain(await store.OutboxAsync("FibroStore.Accounts.Contracts.AccountDeleted"), m => m.Payload.Contains(adminId, StringComparison.Ordinal));

        await store.CreateUserAsync(NewEmail("next-admin"), StoreFactory.DefaultPassword, StaffRoles.Admin);
        var deleted = await admin.PostFormAsync("/Identity/Account/Manage/DeletePersonalData", delete);
        await deleted.ExpectAsync(HttpStatusCode.Redirect);
        Assert.False(await store.InScopeAsync(async sp => await sp.GetRequiredService<UserManager<StoreUser>>().FindByIdAsync(adminId) is not null));
    }

    /// <summary>Other tests in this class leave admins behind; take the role from everyone else.</summary>
    private Task KeepOnlyTheseAdminsAsync(params string[] keep) => store.InScopeAsync(async sp =>
    {
        var users = sp.GetRequiredService<UserManager<StoreUser>>();
        foreach (var other in (await users.GetUsersInRoleAsync(StaffRoles.Admin)).Where(u => !keep.Contains(u.Id)))
            await users.RemoveFromRoleAsync(other, StaffRoles.Admin);
    });

    private Task<bool> IsAdminAsync(string userId) => store.InScopeAsync(async sp =>
    {
        var users = sp.GetRequiredService<UserManager<StoreUser>>();
        return await users.IsInRoleAsync((await users.FindByIdAsync(userId))!, StaffRoles.Admin);
    });
}
