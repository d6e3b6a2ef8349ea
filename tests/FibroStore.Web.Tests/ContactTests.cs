namespace FibroStore.Web.Tests;

public sealed class ContactTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private static Dictionary<string, string> Form(string name = "Ann Reader", string email = "ann@example.org",
        string subject = "A question", string message = "Do the heat pads switch off by themselves?", string website = "") => new()
    {
        ["Input.Name"] = name, ["Input.Email"] = email, ["Input.Subject"] = subject, ["Input.Message"] = message, ["Input.Website"] = website,
    };

    [Fact]
    public async Task A_message_reaches_the_store_by_smtp_with_reply_to_the_visitor()
    {
        using var client = store.CreateBrowserClient();
        var response = await client.PostFormAsync("/contact", Form(email: "reader1@example.org"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var mail = await store.Mailbox.WaitForAsync(m => m.Subject == "Contact form: A question" && m.Raw.ReplyTo.ToString().Contains("reader1@example.org", StringComparison.Ordinal));
        Assert.Equal("hello@fibrostore.local", mail.To);
        Assert.Contains("Do the heat pads switch off by themselves?", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Do the heat pads switch off by themselves?", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("hello@fibrostore.local", mail.From);
    }

    [Theory]
    [InlineData("", "ann@example.org", "Hi", "Hello", "Please tell us your name.")]
    [InlineData("Ann", "not-an-address", "Hi", "Hello", "does not look like an email address")]
    [InlineData("Ann", "ann@example.org", "", "Hello", "Please give your message a subject.")]
    [InlineData("Ann", "ann@example.org", "Hi", "", "Please write your message.")]
    public async Task Bad_input_gets_400_and_a_clear_message(string name, string email, string subject, string message, string expected)
    {
        using var client = store.CreateBrowserClient();
        var response = await client.PostFormAsync("/contact", Form(name, email, subject, message));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_overlong_message_is_refused_and_the_text_is_kept_in_the_form()
    {
        using var client = store.CreateBrowserClient();
        var text = new string('x', 5001);
        var response = await client.PostFormAsync("/contact", Form(message: text));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("under 5,000 characters", html, StringComparison.Ordinal);
        Assert.Contains(text, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bot_filling_the_hidden_field_sends_nothing()
    {
        using var client = store.CreateBrowserClient();
        var response = await client.PostFormAsync("/contact", Form(subject: "Cheap pills", website: "http://spam.example"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await Task.Delay(300);
        Assert.DoesNotContain(store.Mailbox.Messages, m => m.Subject.Contains("Cheap pills", StringComparison.Ordinal));
    }
}

/// <summary>Its own store: the rate limit counts per client address, and the test client's address is always the same.</summary>
public sealed class ContactRateLimitTests : IAsyncLifetime
{
    private readonly StoreFactory store = new();

    public Task InitializeAsync() => store.InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)store).DisposeAsync();

    [Fact]
    public async Task The_sixth_message_within_an_hour_is_refused_with_429()
    {
        using var client = store.CreateBrowserClient();
        for (var i = 0; i < 5; i++)
        {
            var ok = await client.PostFormAsync("/contact", new Dictionary<string, string>
            {
                ["Input.Name"] = "Ann", ["Input.Email"] = "ann@example.org", ["Input.Subject"] = $"Note {i}", ["Input.Message"] = "Hello",
            });
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }
        var refused = await client.PostFormAsync("/contact", new Dictionary<string, string>
        {
            ["Input.Name"] = "Ann", ["Input.Email"] = "ann@example.org", ["Input.Subject"] = "Note 6", ["Input.Message"] = "Hello",
        });

        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.Contains("Please wait an hour", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await store.Mailbox.WaitForAsync(m => m.Subject == "Contact form: Note 4");
        Assert.DoesNotContain(store.Mailbox.Messages, m => m.Subject == "Contact form: Note 6");
    }
}
