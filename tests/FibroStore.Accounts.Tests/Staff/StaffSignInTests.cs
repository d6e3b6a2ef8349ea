using FibroStore.SharedKernel.Security;

namespace FibroStore.Accounts.Tests.Staff;

/// <summary>Two-step sign-in for staff, as a new store has it: on.</summary>
public sealed class StaffTwoStepTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private const string SetUpPage = "/Identity/Account/Manage/EnableAuthenticator";

    [Fact]
    public async Task Staff_without_two_step_sign_in_can_open_only_its_set_up_and_sign_out_until_it_is_on()
    {
        var email = NewEmail("editor-without-app");
        await store.CreateStaffWithoutAuthenticatorAsync(email, StaffRoles.Editor);
        using var editor = await store.SignedInClientAsync(email);

        foreach (var path in new[] { "/staff", "/staff/articles", "/", "/Identity/Account/Manage", "/account/orders" })
        {
            var response = await editor.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == SetUpPage,
                $"{path} answered {(int)response.StatusCode} {response.Headers.Location}");
        }
        Assert.Contains("Everyone on the staff of", WebUtility.HtmlDecode(await editor.GetPageAsync(SetUpPage)), StringComparison.Ordinal);
        await editor.GetPageAsync("/Identity/Account/Logout");

        await store.SetUpAuthenticatorAsync(editor, email);
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync("/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync("/staff/articles")).StatusCode);

        using var later = store.CreateBrowserClient();
        var signIn = await later.PostFormAsync("/Identity/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = StoreFactory.DefaultPassword });
        Assert.StartsWith("/Identity/Account/LoginWith2fa", signIn.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_stays_open_to_staff_without_two_step_sign_in()
    {
        var email = NewEmail("leaving-editor");
        await store.CreateStaffWithoutAuthenticatorAsync(email, StaffRoles.Editor);
        using var editor = await store.SignedInClientAsync(email);

        var signedOut = await editor.PostFormAsync("/Identity/Account/Logout", new Dictionary<string, string>(), "/Identity/Account/Logout?returnUrl=%2F");

        await signedOut.ExpectAsync(HttpStatusCode.Redirect);
        Assert.Contains("/Identity/Account/Login", (await editor.GetAsync("/staff")).Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shopper_is_never_asked_for_two_step_sign_in()
    {
        var (shopper, _) = await store.SignInNewUserAsync();
        using (shopper)
            Assert.Equal(HttpStatusCode.OK, (await shopper.GetAsync("/Identity/Account/Manage")).StatusCode);
    }
}

/// <summary>An admin turns the requirement off in the site settings (a store of its own: the setting is store-wide).</summary>
public sealed class StaffTwoStepOffTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task With_the_site_setting_off_staff_may_work_with_a_password_alone()
    {
        using var admin = (await store.SignInNewUserAsync(StaffRoles.Admin)).Client;
        var version = (int)(await store.SqlAsync("SELECT coalesce(max(version), 0) FROM siteservices.site_settings"))!;
        var saved = await admin.PostFormAsync("/staff/settings", new Dictionary<string, string>
        {
            ["Input.StoreName"] = "FibroStore", ["Input.Tagline"] = "Gentle things", ["Input.AboutText"] = "About us",
            ["Input.ContactEmail"] = "team@example.org", ["Input.PostalAddress"] = "1 Quiet Road", ["Input.TimeZoneId"] = "Europe/London",
            ["Input.EmailSenderName"] = "Team", ["Input.EmailSenderAddress"] = "team@example.org",
            ["Input.TaxMode"] = "None", ["Input.TaxRatePercent"] = "0", ["Input.ReplyModeration"] = "TrustApprovedReaders",
            ["Input.StaffTwoStepRequired"] = "False", ["Input.StaffIdleMinutes"] = "45", ["Input.StaffSessionHours"] = "8",
            ["Input.Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await saved.ExpectAsync(HttpStatusCode.Redirect);
        var form = await admin.GetPageAsync("/staff/settings");
        Assert.Contains("checked=\"checked\"", System.Text.RegularExpressions.Regex.Match(form, "<input[^>]*staff-two-step-off[^>]*>").Value, StringComparison.Ordinal);
        Assert.DoesNotContain("checked", System.Text.RegularExpressions.Regex.Match(form, "<input[^>]*staff-two-step-on[^>]*>").Value, StringComparison.Ordinal);
        Assert.Contains("value=\"45\"", form, StringComparison.Ordinal);

        var email = NewEmail("password-only");
        await store.CreateStaffWithoutAuthenticatorAsync(email, StaffRoles.Merchandiser);
        using var merchandiser = await store.SignedInClientAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await merchandiser.GetAsync("/staff")).StatusCode);
    }
}

/// <summary>Staff sessions and the password asked again, on a clock the tests move (a store per test).</summary>
public sealed class StaffSessionTests : IAsyncLifetime
{
    private readonly ManualClock clock = new();
    private readonly StoreFactory store;

    public StaffSessionTests() => store = new StoreFactory().WithClock(clock);

    public Task InitializeAsync() => store.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)store).DisposeAsync();

    private static bool SentToSignIn(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect
        && response.Headers.Location?.OriginalString.Contains("/Identity/Account/Login", StringComparison.Ordinal) == true;

    [Fact]
    public async Task A_staff_session_ends_after_thirty_idle_minutes()
    {
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        using (editor)
        {
            clock.Advance(TimeSpan.FromMinutes(29));
            Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync("/staff")).StatusCode);
            clock.Advance(TimeSpan.FromMinutes(29));
            Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync("/staff")).StatusCode);

            clock.Advance(TimeSpan.FromMinutes(31));
            Assert.True(SentToSignIn(await editor.GetAsync("/staff")));
        }
    }

    [Fact]
    public async Task A_busy_staff_session_still_ends_twelve_hours_after_signing_in()
    {
        var (admin, _) = await store.SignInNewUserAsync(StaffRoles.Admin);
        using (admin)
        {
            for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(11.75); elapsed += TimeSpan.FromMinutes(15))
            {
                clock.Advance(TimeSpan.FromMinutes(15));
                Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/staff")).StatusCode);
            }
            clock.Advance(TimeSpan.FromMinutes(16));
            Assert.True(SentToSignIn(await admin.GetAsync("/staff")));
        }
    }

    [Fact]
    public async Task A_shoppers_session_has_no_staff_limits()
    {
        var (shopper, _) = await store.SignInNewUserAsync();
        using (shopper)
        {
            clock.Advance(TimeSpan.FromHours(13));
            Assert.Equal(HttpStatusCode.OK, (await shopper.GetAsync("/Identity/Account/Manage")).StatusCode);
        }
    }

    [Fact]
    public async Task A_role_change_five_minutes_after_signing_in_asks_for_the_password_and_keeps_the_form()
    {
        var (admin, _) = await store.SignInNewUserAsync(StaffRoles.Admin);
        using var _ = admin;
        var helperId = await store.CreateUserAsync(NewEmail("helper"), StoreFactory.DefaultPassword, StaffRoles.Editor);
        var roles = new Dictionary<string, string> { ["Input.Roles[0]"] = StaffRoles.Editor, ["Input.Roles[1]"] = StaffRoles.Merchandiser };

        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/staff/people/{helperId}")).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(2));
        var held = await admin.PostFormAsync("/Identity/Account/Manage", roles, action: $"/staff/people/{helperId}");

        await held.ExpectAsync(HttpStatusCode.Forbidden);
        var prompt = await held.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Confirm your password</h1>", prompt, StringComparison.Ordinal);
        var carried = HiddenFields(prompt);
        Assert.Contains(new KeyValuePair<string, string>("Input.Roles[0]", StaffRoles.Editor), carried);
        Assert.Contains(new KeyValuePair<string, string>("Input.Roles[1]", StaffRoles.Merchandiser), carried);
        Assert.Equal([StaffRoles.Editor], await RolesAsync(helperId));

        var wrong = await SendPromptAsync(admin, helperId, carried, "not-my-password");
        await wrong.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("That password is not right.", await wrong.TextAsync(), StringComparison.Ordinal);
        Assert.Equal([StaffRoles.Editor], await RolesAsync(helperId));

        var confirmed = await SendPromptAsync(admin, helperId, HiddenFields(await wrong.Content.ReadAsStringAsync()), StoreFactory.DefaultPassword);
        await confirmed.ExpectAsync(HttpStatusCode.Redirect);
        Assert.Equal([StaffRoles.Editor, StaffRoles.Merchandiser], await RolesAsync(helperId));

        // The password just typed counts for five minutes more.
        clock.Advance(TimeSpan.FromMinutes(4));
        var meanwhile = await admin.PostFormAsync("/Identity/Account/Manage", new Dictionary<string, string> { ["Input.Roles[0]"] = StaffRoles.Editor },
            action: $"/staff/people/{helperId}");
        await meanwhile.ExpectAsync(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Opening_the_site_settings_after_five_minutes_goes_through_the_password_page_and_back()
    {
        var (admin, _) = await store.SignInNewUserAsync(StaffRoles.Admin);
        using var _ = admin;
        clock.Advance(TimeSpan.FromMinutes(6));

        var away = await admin.GetAsync("/staff/settings");
        Assert.Equal("/account/confirm-password?returnUrl=%2Fstaff%2Fsettings", away.Headers.Location?.OriginalString);
        var wrong = await admin.PostFormAsync(away.Headers.Location!.OriginalString, new Dictionary<string, string> { ["RecentPassword"] = "not-it-at-all" });
        await wrong.ExpectAsync(HttpStatusCode.BadRequest);
        var back = await admin.PostFormAsync(away.Headers.Location!.OriginalString, new Dictionary<string, string> { ["RecentPassword"] = StoreFactory.DefaultPassword });

        Assert.Equal("/staff/settings", back.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/staff/settings")).StatusCode);
    }

    private static async Task<HttpResponseMessage> SendPromptAsync(BrowserClient client, string helperId,
        IEnumerable<KeyValuePair<string, string>> carried, string password)
    {
        var fields = carried.Append(new KeyValuePair<string, string>("RecentPassword", password));
        return await client.Http.PostAsync($"/staff/people/{helperId}", new FormUrlEncodedContent(fields));
    }

    private Task<List<string>> RolesAsync(string userId) => store.InScopeAsync(async sp =>
    {
        var users = sp.GetRequiredService<UserManager<StoreUser>>();
        return (await users.GetRolesAsync((await users.FindByIdAsync(userId))!)).Order(StringComparer.Ordinal).ToList();
    });
}
