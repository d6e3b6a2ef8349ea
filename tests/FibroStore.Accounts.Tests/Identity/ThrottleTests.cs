using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace FibroStore.Accounts.Tests.Identity;

/// <summary>
/// The account limits at their real defaults (the test kit raises the per-client ones for every other test, which
/// signs in many people from one in-process client). Each test has a store of its own, so counts never mix.
/// </summary>
public sealed partial class ThrottleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly StoreFactory store = new StoreFactory()
        .With("Accounts:Throttle:EmailsPerAddress", "5").With("Accounts:Throttle:EmailWindowMinutes", "60")
        .With("Accounts:Throttle:SignInsPerClient", "20").With("Accounts:Throttle:SignInWindowMinutes", "10")
        .With("Accounts:Throttle:RegistrationsPerClient", "10").With("Accounts:Throttle:RegistrationWindowMinutes", "60");

    public Task InitializeAsync() => store.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)store).DisposeAsync();

    private const string LoginUrl = "/Identity/Account/Login";

    private static Dictionary<string, string> SignIn(string email, string password) =>
        new() { ["Input.Email"] = email, ["Input.Password"] = password };

    private static Dictionary<string, string> Registration(string email) => new()
    {
        ["Input.DisplayName"] = "Pat",
        ["Input.Email"] = email,
        ["Input.Password"] = "slow-sunday-morning",
        ["Input.ConfirmPassword"] = "slow-sunday-morning",
    };

    private static Dictionary<string, string> Address(string email) => new() { ["Input.Email"] = email };

    [Fact]
    public async Task One_address_gets_at_most_five_emails_an_hour_whatever_is_posted_and_every_answer_stays_the_same()
    {
        var email = NewEmail("flooded");
        var nobody = NewEmail("nobody");
        using var client = store.CreateBrowserClient();
        // Registering (an email), registering again (an email saying there is an account), asking for the confirmation
        // four times and for a password link three times: nine posts, each of which would send an email to the address.
        var answers = new List<(HttpResponseMessage Flooded, HttpResponseMessage Unknown)>
        {
            (await client.PostFormAsync("/Identity/Account/Register", Registration(email)), await client.PostFormAsync("/Identity/Account/Register", Registration(NewEmail("fresh")))),
            (await client.PostFormAsync("/Identity/Account/Register", Registration(email)), await client.PostFormAsync("/Identity/Account/Register", Registration(NewEmail("fresh")))),
        };
        for (var i = 0; i < 4; i++)
            answers.Add((await client.PostFormAsync("/Identity/Account/ResendEmailConfirmation", Address(email)),
                await client.PostFormAsync("/Identity/Account/ResendEmailConfirmation", Address(nobody))));
        for (var i = 0; i < 3; i++)
            answers.Add((await client.PostFormAsync("/Identity/Account/ForgotPassword", Address(email)),
                await client.PostFormAsync("/Identity/Account/ForgotPassword", Address(nobody))));

        foreach (var (flooded, unknown) in answers)
        {
            Assert.Equal(HttpStatusCode.Redirect, flooded.StatusCode);
            Assert.Equal(unknown.StatusCode, flooded.StatusCode);
            Assert.Equal(unknown.Headers.Location, flooded.Headers.Location);
        }
        await store.DrainOutboxAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (store.Mailbox.To(email).Count < 5 && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        await store.DrainOutboxAsync();
        Assert.Equal(5, store.Mailbox.To(email).Count);
        Assert.Empty(store.Mailbox.To(nobody));
    }

    [Fact]
    public async Task Forgot_password_for_an_address_never_confirmed_sends_the_confirmation_saying_why_and_answers_as_for_any_address()
    {
        var email = NewEmail("unconfirmed");
        using var client = store.CreateBrowserClient();
        await (await client.PostFormAsync("/Identity/Account/Register", Registration(email))).ExpectAsync(HttpStatusCode.Redirect);
        var first = await store.Mailbox.WaitForAsync(email);

        var asked = await client.PostFormAsync("/Identity/Account/ForgotPassword", Address(email));
        var unknown = await client.PostFormAsync("/Identity/Account/ForgotPassword", Address(NewEmail("nobody")));

        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Equal(unknown.StatusCode, asked.StatusCode);
        Assert.Equal(unknown.Headers.Location, asked.Headers.Location);
        var mail = await store.Mailbox.WaitForAsync(m => m.To == email && m != first);
        Assert.Equal("Please confirm your email address first", mail.Subject);
        Assert.Contains("This email address was never confirmed, so we cannot send one yet", mail.TextBody, StringComparison.Ordinal);
        var confirmed = await client.GetAsync(LinkIn(mail, "/Identity/Account/ConfirmEmail"));
        await confirmed.ExpectAsync(HttpStatusCode.OK);
        using var signedIn = await store.SignedInClientAsync(email, "slow-sunday-morning");
    }

    [Fact]
    public async Task A_client_gets_twenty_sign_in_attempts_in_ten_minutes_then_a_calm_429_even_with_the_right_password()
    {
        var email = NewEmail("real");
        await store.CreateUserAsync(email);
        using var client = store.CreateBrowserClient();

        for (var attempt = 1; attempt <= 20; attempt++)
            await (await client.PostFormAsync(LoginUrl, SignIn(NewEmail($"guess{attempt}"), "guessing-away"))).ExpectAsync(HttpStatusCode.BadRequest);
        var refused = await client.PostFormAsync(LoginUrl, SignIn(email, StoreFactory.DefaultPassword));

        await refused.ExpectAsync(HttpStatusCode.TooManyRequests);
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        var text = await refused.TextAsync();
        Assert.Contains("There have been a lot of sign-in attempts from your network", text, StringComparison.Ordinal);
        Assert.Contains("Nothing has been changed.", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Identity/Account/Manage")).StatusCode);
    }

    [Fact]
    public async Task A_client_gets_ten_registrations_an_hour_then_a_calm_429_and_no_account()
    {
        using var client = store.CreateBrowserClient();
        for (var i = 1; i <= 10; i++)
            await (await client.PostFormAsync("/Identity/Account/Register", Registration(NewEmail($"person{i}")))).ExpectAsync(HttpStatusCode.Redirect);

        var eleventh = NewEmail("eleventh");
        var refused = await client.PostFormAsync("/Identity/Account/Register", Registration(eleventh));

        await refused.ExpectAsync(HttpStatusCode.TooManyRequests);
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Assert.Contains("Several accounts have been made from your network in the last hour", await refused.TextAsync(), StringComparison.Ordinal);
        Assert.Null(await store.InScopeAsync(sp => sp.GetRequiredService<UserManager<StoreUser>>().FindByEmailAsync(eleventh)));
    }

    /// <summary>
    /// Status, headers and page for a known address, an unknown one and one already paused, attempt by attempt.
    /// Normalised before comparing, and only these: the Date header, the form token in the page (a new one per
    /// request), and the address itself where the form shows it back (the three addresses have the same length).
    /// </summary>
    [Fact]
    public async Task Known_unknown_and_paused_addresses_get_identical_answers_attempt_by_attempt()
    {
        var known = NewEmail("known");
        var unknown = NewEmail("unkno");
        var paused = NewEmail("pause");
        await store.CreateUserAsync(known);
        await store.CreateUserAsync(paused);
        Assert.Equal(known.Length, unknown.Length);
        Assert.Equal(known.Length, paused.Length);

        using (var earlier = store.CreateBrowserClient())
            for (var attempt = 1; attempt <= 5; attempt++)
                await earlier.PostFormAsync(LoginUrl, SignIn(paused, $"wrong-password-{attempt}"));
        using var pausedClient = store.CreateBrowserClient();
        var pausedWrong = await Normalised(await pausedClient.PostFormAsync(LoginUrl, SignIn(paused, "wrong-password-6")), paused);
        var pausedRight = await Normalised(await pausedClient.PostFormAsync(LoginUrl, SignIn(paused, StoreFactory.DefaultPassword)), paused);

        using var knownClient = store.CreateBrowserClient();
        using var unknownClient = store.CreateBrowserClient();
        var knownTimes = new List<double>();
        var unknownTimes = new List<double>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var watch = Stopwatch.StartNew();
            var knownAnswer = await knownClient.PostFormAsync(LoginUrl, SignIn(known, $"wrong-password-{attempt}"));
            knownTimes.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            var unknownAnswer = await unknownClient.PostFormAsync(LoginUrl, SignIn(unknown, $"wrong-password-{attempt}"));
            unknownTimes.Add(watch.Elapsed.TotalMilliseconds);

            var expected = attempt < 5 ? HttpStatusCode.BadRequest : HttpStatusCode.TooManyRequests;
            Assert.Equal(expected, knownAnswer.StatusCode);
            var knownText = await Normalised(knownAnswer, known);
            Assert.Equal(knownText, await Normalised(unknownAnswer, unknown));
            if (attempt == 5)
            {
                Assert.Equal(knownText, pausedWrong);
                Assert.Equal(knownText, pausedRight);
                Assert.Contains("Sign-in is paused for a little while", knownText, StringComparison.Ordinal);
            }
        }
        // Timing is reported, never asserted (each figure is a form page load plus the post).
        output.WriteLine($"known: {string.Join(", ", knownTimes.Select(t => $"{t:F0} ms"))}; unknown: {string.Join(", ", unknownTimes.Select(t => $"{t:F0} ms"))}");
    }

    private static async Task<string> Normalised(HttpResponseMessage response, string address)
    {
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key != "Date")
            .Select(h => $"{h.Key}: {string.Join(", ", h.Value)}")
            .Order(StringComparer.Ordinal);
        var body = FormToken().Replace(await response.Content.ReadAsStringAsync(), "(form token)")
            .Replace(address, "(address)", StringComparison.Ordinal);
        return $"{(int)response.StatusCode}\n{string.Join("\n", headers)}\n\n{body}";
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"")]
    private static partial Regex FormToken();
}
