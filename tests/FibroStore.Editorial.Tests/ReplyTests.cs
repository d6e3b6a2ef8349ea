namespace FibroStore.Editorial.Tests;

public sealed class ReplyTests(EditorialStore store) : IClassFixture<EditorialStore>
{
    [Fact]
    public async Task A_reply_waits_an_editor_approves_it_and_it_shows_without_the_email()
    {
        var (_, slug) = await store.PublishAsync("Replies wait for approval", "Text.");
        using var reader = store.CreateBrowserClient();

        var posted = await EditorialStore.PostReplyAsync(reader, slug, EditorialStore.Reply("Maggie", "This helped me a lot.", "maggie.private@example.org"));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains("reply-received", posted.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.DoesNotContain("This helped me a lot.", await reader.GetPageAsync($"/articles/{slug}"), StringComparison.Ordinal);

        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        var queue = await editor.GetPageAsync("/staff/replies");
        Assert.Contains("This helped me a lot.", queue, StringComparison.Ordinal);
        var replyId = await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Replies.Where(r => r.AuthorName == "Maggie").Select(r => r.Id).SingleAsync());
        var approved = await editor.PostFormAsync("/staff/replies", new Dictionary<string, string> { ["one"] = $"approve:{replyId}" }, "/staff/replies?show=pending");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);

        var page = await EditorialStore.EventuallyAsync(reader, $"/articles/{slug}", "This helped me a lot.");
        Assert.Contains("This helped me a lot.", page, StringComparison.Ordinal);
        Assert.Contains($"id=\"reply-{replyId}\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("maggie.private", page, StringComparison.Ordinal);
        Assert.DoesNotContain("maggie.private", await reader.GetPageAsync("/feed.xml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replies_thread_oldest_first_and_an_answer_notifies_who_asked()
    {
        var (id, slug) = await store.PublishAsync("Threaded replies", "Text.");
        using var reader = store.CreateBrowserClient();
        var first = EditorialStore.Reply("Jenny", "First reply.", "jenny@example.org");
        first["Input.Notify"] = "true";
        await EditorialStore.PostReplyAsync(reader, slug, first);
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        var parentId = await ReplyIdAsync("First reply.");
        await editor.PostFormAsync("/staff/replies", new Dictionary<string, string> { ["one"] = $"approve:{parentId}" }, "/staff/replies?show=pending");

        var answer = EditorialStore.Reply("Paul", "An answer to Jenny.", "paul@example.org");
        answer["Input.ParentId"] = parentId.ToString();
        await EditorialStore.PostReplyAsync(reader, slug, answer);
        var answerId = await ReplyIdAsync("An answer to Jenny.");
        await editor.PostFormAsync("/staff/replies", new Dictionary<string, string> { ["Selected"] = answerId.ToString(), ["action"] = "approve" }, "/staff/replies?show=pending");

        var page = await EditorialStore.EventuallyAsync(reader, $"/articles/{slug}", "An answer to Jenny.");
        var parentAt = page.IndexOf($"id=\"reply-{parentId}\"", StringComparison.Ordinal);
        var childrenAt = page.IndexOf("<ol class=\"reply-children\">", parentAt, StringComparison.Ordinal);
        var answerAt = page.IndexOf($"id=\"reply-{answerId}\"", StringComparison.Ordinal);
        Assert.True(parentAt > 0 && childrenAt > parentAt && answerAt > childrenAt, "The answer should be nested under the reply it answers.");

        await store.DrainOutboxAsync();
        var mail = await store.Mailbox.WaitForAsync("jenny@example.org");
        Assert.Contains("Paul answered your reply", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("paul@example.org", mail.TextBody, StringComparison.Ordinal);
        Assert.True(mail.Headers.ContainsKey("List-Unsubscribe"));
        _ = id;
    }

    [Fact]
    public async Task Bad_reply_input_is_refused_with_400_and_clear_messages()
    {
        var (_, slug) = await store.PublishAsync("Bad reply input", "Text.");
        using var reader = store.CreateBrowserClient();

        var empty = await EditorialStore.PostReplyAsync(reader, slug, new Dictionary<string, string> { ["Input.Name"] = "", ["Input.Email"] = "not-an-email", ["Input.Comment"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var html = Html.Decode(await empty.Content.ReadAsStringAsync());
        Assert.Contains("Please enter your name.", html, StringComparison.Ordinal);
        Assert.Contains("That does not look like an email address.", html, StringComparison.Ordinal);
        Assert.Contains("Please write your reply.", html, StringComparison.Ordinal);

        var tooLong = await EditorialStore.PostReplyAsync(reader, slug, EditorialStore.Reply(new string('n', 81), new string('x', 5001)));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("Please keep your reply under 5000 characters.", Html.Decode(await tooLong.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var links = await EditorialStore.PostReplyAsync(reader, slug, EditorialStore.Reply("Spammy", "see https://a.example https://b.example https://c.example"));
        Assert.Equal(HttpStatusCode.BadRequest, links.StatusCode);
        Assert.Contains("at most 2 links", await links.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var noStamp = EditorialStore.Reply("NoScript", "A reply.");
        noStamp["Input.Stamp"] = "forged";
        var forged = await EditorialStore.PostReplyAsync(reader, slug, noStamp);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await EditorialStore.PostReplyAsync(reader, "no-such-article", EditorialStore.Reply("A", "B"))).StatusCode);
    }

    [Fact]
    public async Task An_answer_to_a_reply_that_is_not_shown_is_refused_with_400_and_a_message()
    {
        var (_, slug) = await store.PublishAsync("Answering a waiting reply", "Text.");
        using var reader = store.CreateBrowserClient();
        await EditorialStore.PostReplyAsync(reader, slug, EditorialStore.Reply("Waiting", "Still in the queue."));
        var waiting = await ReplyIdAsync("Still in the queue.");

        var answer = EditorialStore.Reply("Eager", "An answer too soon.");
        answer["Input.ParentId"] = waiting.ToString();
        var refused = await EditorialStore.PostReplyAsync(reader, slug, answer);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("The reply you are answering is no longer shown. Please reply to the article instead.",
            Html.Decode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.False(await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Replies.AnyAsync(r => r.Body == "An answer too soon.")));
    }

    [Fact]
    public async Task A_blocklist_with_lines_too_short_or_too_long_is_refused_with_400_and_both_messages()
    {
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        using var _ = editor;
        var before = await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().BlockedTerms.CountAsync());

        var refused = await editor.PostFormAsync("/staff/replies/blocklist", new Dictionary<string, string> { ["Terms"] = $"ok words\nab\n{new string('x', 101)}" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = Html.Decode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Each line can be at most 100 characters.", html, StringComparison.Ordinal);
        Assert.Contains("Each line needs at least 3 characters, or it would catch ordinary words.", html, StringComparison.Ordinal);
        Assert.Equal(before, await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().BlockedTerms.CountAsync()));
    }

    [Fact]
    public async Task A_stop_notices_link_stops_the_notices_and_an_unknown_link_answers_404()
    {
        var (_, slug) = await store.PublishAsync("Stopping reply notices", "Text.");
        using var reader = store.CreateBrowserClient();
        var asked = EditorialStore.Reply("Notified", "Tell me about answers.");
        asked["Input.Notify"] = "true";
        await EditorialStore.PostReplyAsync(reader, slug, asked);
        var token = await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Replies
            .Where(r => r.Body == "Tell me about answers.").Select(r => r.NotifyToken).SingleAsync());

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/replies/stop-notices/{token}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.Http.PostAsync($"/replies/stop-notices/{token}", null)).StatusCode);
        Assert.False(await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Replies
            .Where(r => r.NotifyToken == token).Select(r => r.NotifyOnReply).SingleAsync()));

        foreach (var unknown in new[] { new string('a', 48), "short" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/replies/stop-notices/{unknown}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await reader.Http.PostAsync($"/replies/stop-notices/{unknown}", null)).StatusCode);
        }
    }

    [Fact]
    public async Task Honeypot_and_blocklist_keep_spam_off_the_page()
    {
        var (_, slug) = await store.PublishAsync("Spam defences", "Text.");
        using var bot = store.CreateBrowserClient();
        var trap = EditorialStore.Reply("Bot", "Buy now.");
        trap["Input.Fax"] = "123";
        var response = await EditorialStore.PostReplyAsync(bot, slug, trap);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Replies.AnyAsync(r => r.Body == "Buy now.")));

        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        var saved = await editor.PostFormAsync("/staff/replies/blocklist", new Dictionary<string, string> { ["Terms"] = "cheap pills\nspammer@example.net" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await EditorialStore.PostReplyAsync(bot, slug, EditorialStore.Reply("Seller", "Cheap Pills here"));
        var status = await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Replies.Where(r => r.AuthorName == "Seller").Select(r => r.Status).SingleAsync());
        Assert.Equal(ReplyStatus.Spam, status);
        Assert.Equal(HttpStatusCode.BadRequest, (await editor.PostFormAsync("/staff/replies/blocklist", new Dictionary<string, string> { ["Terms"] = "ab" })).StatusCode);
    }

    [Fact]
    public async Task A_signed_in_reader_with_an_approved_reply_is_trusted_but_their_typed_email_earns_nothing()
    {
        var (_, slug) = await store.PublishAsync("Trust is earned", "Text.");
        var (member, _) = await store.SignInNewUserAsync();
        using var _ = member;
        // The form fills in a signed-in reader's own address.
        var memberEmail = System.Text.RegularExpressions.Regex.Match(await member.GetPageAsync($"/articles/{slug}"), "name=\"Input.Email\" type=\"email\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.EndsWith("@example.org", memberEmail, StringComparison.Ordinal);
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        using var __ = editor;

        await EditorialStore.PostReplyAsync(member, slug, EditorialStore.Reply("Member", "My first reply.", memberEmail));
        Assert.Equal(ReplyStatus.Pending, await StatusOfAsync("My first reply."));
        var firstId = await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Replies.Where(r => r.Body == "My first reply.").Select(r => r.Id).SingleAsync());
        await editor.PostFormAsync("/staff/replies", new Dictionary<string, string> { ["one"] = $"approve:{firstId}" }, "/staff/replies?show=pending");

        await EditorialStore.PostReplyAsync(member, slug, EditorialStore.Reply("Member", "My second reply.", memberEmail));
        using var stranger = store.CreateBrowserClient();
        await EditorialStore.PostReplyAsync(stranger, slug, EditorialStore.Reply("Member", "Pretending to be the member.", memberEmail));

        Assert.Equal(ReplyStatus.Approved, await StatusOfAsync("My second reply."));
        Assert.Equal(ReplyStatus.Pending, await StatusOfAsync("Pretending to be the member."));
    }

    private Task<ReplyStatus> StatusOfAsync(string body) =>
        store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Replies.Where(r => r.Body == body).Select(r => r.Status).SingleAsync());

    [Fact]
    public async Task A_second_visitor_replying_on_a_cached_page_sees_nothing_of_the_first()
    {
        var (_, slug) = await store.PublishAsync("Cached page privacy", "Text.");
        var (signedIn, _) = await store.SignInNewUserAsync();
        var own = await signedIn.GetPageAsync($"/articles/{slug}");
        Assert.Contains("value=\"shopper", own, StringComparison.Ordinal);

        using var first = store.CreateBrowserClient();
        using var second = store.CreateBrowserClient();
        var a = await first.GetPageAsync($"/articles/{slug}");
        var b = await second.GetPageAsync($"/articles/{slug}");
        Assert.Equal(a, b);
        Assert.DoesNotContain("shopper", b, StringComparison.Ordinal);
        Assert.DoesNotContain("__RequestVerificationToken", b, StringComparison.Ordinal);

        var reply = await EditorialStore.PostReplyAsync(second, slug, EditorialStore.Reply("Second visitor", "Hello from the second visitor."));
        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        var subscribeForm = b[b.IndexOf("action=\"/subscribe\"", StringComparison.Ordinal)..];
        Assert.DoesNotContain("value=\"", subscribeForm[..subscribeForm.IndexOf("</form>", StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limit_per_address_answers_429_with_a_message()
    {
        await using var strict = new EditorialStore();
        strict.With("Editorial:Replies:PerAddressLimit", "2");
        await ((Xunit.IAsyncLifetime)strict).InitializeAsync();
        var (_, slug) = await strict.PublishAsync("Rate limit", "Text.");
        using var client = strict.CreateBrowserClient();
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await EditorialStore.PostReplyAsync(client, slug, EditorialStore.Reply("R", $"Reply {i}"))).StatusCode);
        var third = await EditorialStore.PostReplyAsync(client, slug, EditorialStore.Reply("R", "Reply 3"));
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Contains("several replies in a short time", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ((Xunit.IAsyncLifetime)strict).DisposeAsync();
    }

    [Fact]
    public async Task A_deleted_account_leaves_its_replies_anonymous()
    {
        var (_, slug) = await store.PublishAsync("Account deletion", "Text.");
        var (member, userId) = await store.SignInNewUserAsync();
        await EditorialStore.PostReplyAsync(member, slug, EditorialStore.Reply("Named member", "Written while signed in.", "member@example.org"));

        await store.InScopeAsync(async sp =>
        {
            var contributor = sp.GetServices<FibroStore.SharedKernel.Privacy.IPersonalDataContributor>().Single(c => c.Section == "Replies to articles");
            Assert.NotNull(await contributor.CollectAsync(userId, "member@example.org", CancellationToken.None));
            var publisher = sp.GetRequiredService<Mediator.IPublisher>();
            await publisher.Publish(new FibroStore.Accounts.Contracts.AccountDeleted(userId, DateTimeOffset.UtcNow));
            await publisher.Publish(new FibroStore.Accounts.Contracts.AccountDeleted(userId, DateTimeOffset.UtcNow));
        });
        var reply = await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Replies.SingleAsync(r => r.Body == "Written while signed in."));
        Assert.Equal("Former member", reply.AuthorName);
        Assert.Equal("", reply.Email);
        Assert.Null(reply.UserId);
    }

    private Task<Guid> ReplyIdAsync(string body) =>
        store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Replies.Where(r => r.Body == body).Select(r => r.Id).SingleAsync());
}
