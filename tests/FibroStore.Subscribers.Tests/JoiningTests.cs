using System.Text.Json;
using System.Text.RegularExpressions;
using FibroStore.SharedKernel.Privacy;
using FibroStore.TestKit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace FibroStore.Subscribers.Tests;

public sealed partial class JoiningTests(SubscribersStore store) : IClassFixture<SubscribersStore>
{
    private async Task<HttpResponseMessage> SubscribeAsync(string email, string? firstName = null)
    {
        using var client = store.CreateBrowserClient();
        var fields = new Dictionary<string, string> { ["Email"] = email };
        if (firstName is not null) fields["FirstName"] = firstName;
        return await client.PostFormAsync("/subscribe", fields);
    }

    private static string PathOf(string absolute) => new Uri(absolute).PathAndQuery;

    private async Task<string> ConfirmLinkAsync(string email)
    {
        var mail = await store.Mailbox.WaitForAsync(m => m.To == email && m.Subject.Contains("confirm", StringComparison.OrdinalIgnoreCase));
        return PathOf(ConfirmLink().Match(mail.TextBody!).Value);
    }

    [Fact]
    public async Task Subscribing_sends_a_confirmation_email_and_only_the_posted_button_confirms()
    {
        var email = SubscribersStore.NewAddress();

        var answer = await SubscribeAsync(email, "Ada");
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal(SubscriberStatus.Pending, (await store.FindAsync(email))!.Status);

        var mail = await store.Mailbox.WaitForAsync(email);
        Assert.Contains("Hello Ada", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("/subscribe/confirm/", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        var link = await ConfirmLinkAsync(email);

        // A mail scanner following the link confirms nobody.
        using var browser = store.CreateBrowserClient();
        var page = await browser.GetPageAsync(link);
        Assert.Contains(">Confirm</button>", page, StringComparison.Ordinal);
        Assert.Equal(SubscriberStatus.Pending, (await store.FindAsync(email))!.Status);

        var confirmed = await browser.PostFormAsync(link, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("You are subscribed", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var subscriber = (await store.FindAsync(email))!;
        Assert.Equal(SubscriberStatus.Confirmed, subscriber.Status);
        Assert.NotNull(subscriber.ConfirmedAt);
    }

    [Fact]
    public async Task A_known_address_gets_the_same_answer_as_a_new_one()
    {
        var known = SubscribersStore.NewAddress();
        await SubscribeAsync(known);
        await (await store.CreateBrowserClient().PostFormAsync(await ConfirmLinkAsync(known), new Dictionary<string, string>())).Content.ReadAsStringAsync();

        var forKnown = await SubscribeAsync(known.ToUpperInvariant());
        var forNew = await SubscribeAsync(SubscribersStore.NewAddress());

        Assert.Equal(forNew.StatusCode, forKnown.StatusCode);
        Assert.Equal(forNew.Headers.Location, forKnown.Headers.Location);
        Assert.Equal(SubscriberStatus.Confirmed, (await store.FindAsync(known))!.Status);
        Assert.Single(await store.InDbAsync(db => Task.FromResult(db.Subscribers.Where(s => s.NormalizedEmail == known).ToList())));
    }

    [Fact]
    public async Task The_subscribe_box_on_cached_pages_works_with_the_token_from_session_state()
    {
        using var client = store.CreateBrowserClient();
        var state = JsonDocument.Parse(await client.GetPageAsync("/session/state")).RootElement.GetProperty("antiforgery");
        var email = SubscribersStore.NewAddress();

        var answer = await client.PostRawAsync("/subscribe", new Dictionary<string, string> { ["Email"] = email }, state.GetProperty("token").GetString());

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        await store.Mailbox.WaitForAsync(email);
    }

    [Fact]
    public async Task A_post_without_the_form_token_is_refused()
    {
        using var client = store.CreateBrowserClient();
        var answer = await client.PostRawAsync("/subscribe", new Dictionary<string, string> { ["Email"] = SubscribersStore.NewAddress() }, token: null);
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
    }

    [Theory]
    [InlineData("not-an-address", "does not look like an email address")]
    [InlineData("two@@example.org", "does not look like an email address")]
    [InlineData("", "Please give your email address")]
    public async Task A_bad_address_is_refused_with_a_clear_message(string email, string message)
    {
        var answer = await SubscribeAsync(email);
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains(message, await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asking_again_and_again_for_one_address_is_refused_with_429_and_a_message_so_nobody_is_flooded()
    {
        var email = SubscribersStore.NewAddress("flooded");
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await SubscribeAsync(email)).StatusCode);

        var refused = await SubscribeAsync(email);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Please wait an hour and try again", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_overlong_address_is_refused_with_a_clear_message()
    {
        var answer = await SubscribeAsync(new string('a', 250) + "@example.org");
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("too long", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_honeypot_answers_like_success_and_stores_nothing()
    {
        var email = SubscribersStore.NewAddress("bot");
        using var client = store.CreateBrowserClient();
        var answer = await client.PostFormAsync("/subscribe", new Dictionary<string, string> { ["Email"] = email, ["Website"] = "http://spam.example" });
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Null(await store.FindAsync(email));
    }

    [Fact]
    public async Task A_tampered_or_expired_link_is_refused_with_a_clear_message()
    {
        var email = SubscribersStore.NewAddress();
        await SubscribeAsync(email);
        var link = await ConfirmLinkAsync(email);
        var id = (await store.FindAsync(email))!.Id;
        using var client = store.CreateBrowserClient();

        var tampered = await client.GetAsync(link[..^3] + (link.EndsWith("abc", StringComparison.Ordinal) ? "xyz" : "abc"));
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Contains("not valid or has expired", await tampered.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var protector = store.Services.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector(SubscriberLinks.ProtectorPurpose).ToTimeLimitedDataProtector();
        var expired = protector.Protect($"Confirm:{id:N}", DateTimeOffset.UtcNow.AddMinutes(-1));
        var answer = await client.GetAsync($"/subscribe/confirm/{expired}");
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("not valid or has expired", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A link made for one purpose does not work for another.
        var confirmToken = link.Split('/')[^1];
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/subscribe/unsubscribe/{confirmToken}")).StatusCode);
        Assert.Equal(SubscriberStatus.Pending, (await store.FindAsync(email))!.Status);
    }

    [Fact]
    public async Task One_click_unsubscribe_works_with_the_RFC_8058_post_and_can_be_undone()
    {
        var email = SubscribersStore.NewAddress();
        await SubscribeAsync(email);
        await store.CreateBrowserClient().PostFormAsync(await ConfirmLinkAsync(email), new Dictionary<string, string>());
        var mail = await store.Mailbox.WaitForAsync(email);
        var unsubscribe = PathOf(mail.Headers["List-Unsubscribe"].Trim('<', '>'));
        Assert.Contains(unsubscribe, mail.TextBody, StringComparison.Ordinal);

        // What a mail provider sends: no cookies, no form token, just the one-click body.
        using var provider = store.CreateClient();
        var answer = await provider.PostAsync(unsubscribe,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("you are unsubscribed", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(SubscriberStatus.Unsubscribed, (await store.FindAsync(email))!.Status);

        var undo = await provider.PostAsync(unsubscribe + "?handler=Undo", new FormUrlEncodedContent([]));
        Assert.Contains("subscribed again", await undo.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(SubscriberStatus.Confirmed, (await store.FindAsync(email))!.Status);
    }

    [Fact]
    public async Task An_old_confirmation_link_after_unsubscribing_says_so_and_subscribes_nobody()
    {
        var email = SubscribersStore.NewAddress();
        await SubscribeAsync(email);
        var confirm = await ConfirmLinkAsync(email);
        await store.CreateBrowserClient().PostFormAsync(confirm, new Dictionary<string, string>());
        var mail = await store.Mailbox.WaitForAsync(email);
        using var provider = store.CreateClient();
        await provider.PostAsync(PathOf(mail.Headers["List-Unsubscribe"].Trim('<', '>')),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));

        using var browser = store.CreateBrowserClient();
        var page = await browser.GetPageAsync(confirm);
        Assert.Contains("has left the list", page, StringComparison.Ordinal);
        Assert.DoesNotContain(">Confirm</button>", page, StringComparison.Ordinal);
        // Posted anyway (a button on an old tab): it still subscribes nobody.
        var forced = await browser.PostFormAsync("/subscribe", new Dictionary<string, string>(), action: confirm);

        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Contains("has left the list", await forced.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(SubscriberStatus.Unsubscribed, (await store.FindAsync(email))!.Status);
    }

    [Fact]
    public async Task The_preferences_link_changes_what_a_subscriber_gets()
    {
        var email = SubscribersStore.NewAddress();
        await SubscribeAsync(email);
        await store.CreateBrowserClient().PostFormAsync(await ConfirmLinkAsync(email), new Dictionary<string, string>());
        var mail = await store.Mailbox.WaitForAsync(email);
        var preferences = PathOf(PreferencesLink().Match(mail.TextBody!).Value);

        using var client = store.CreateBrowserClient();
        var answer = await client.PostFormAsync(preferences, new Dictionary<string, string> { ["Preference"] = "WeeklyDigest" });

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(SendPreference.WeeklyDigest, (await store.FindAsync(email))!.Preference);
    }

    [Fact]
    public async Task A_deleted_account_leaves_the_list_and_erasing_twice_changes_nothing()
    {
        var email = SubscribersStore.NewAddress();
        var userId = await store.CreateUserAsync(email.ToUpperInvariant());
        await SubscribeAsync(email);
        Assert.NotNull(await store.FindAsync(email));

        using var member = await store.SignedInClientAsync(email.ToUpperInvariant());
        var deleted = await member.PostFormAsync("/Identity/Account/Manage/DeletePersonalData",
            new Dictionary<string, string> { ["Input.Password"] = StoreFactory.DefaultPassword });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Null(await store.FindAsync(email));

        await store.InScopeAsync(async sp =>
        {
            foreach (var eraser in sp.GetServices<IPersonalDataEraser>())
                await eraser.EraseAsync(userId, email, CancellationToken.None);
        });
        Assert.Null(await store.FindAsync(email));
    }

    [GeneratedRegex(@"http\S+/subscribe/confirm/\S+")]
    private static partial Regex ConfirmLink();

    [GeneratedRegex(@"http\S+/subscribe/preferences/\S+")]
    private static partial Regex PreferencesLink();
}
