using FibroStore.SharedKernel.Email;

namespace FibroStore.Web.Tests;

/// <summary>Development without an SMTP relay: the store runs its own SMTP listener and shows what it caught.</summary>
public sealed class DevMailboxTests : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "fibro-devmail-" + Guid.NewGuid().ToString("N"));
    private readonly StoreFactory store;

    public DevMailboxTests()
    {
        store = new StoreFactory().With("Smtp:Host", "").With("DevMailbox:Folder", folder);
    }

    public Task InitializeAsync() => store.InitializeAsync();

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)store).DisposeAsync();
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Mail_sent_over_smtp_appears_in_the_dev_mailbox_with_html_text_and_headers()
    {
        var sender = store.Services.GetRequiredService<IEmailSender>();
        var answer = await sender.SendAsync(new EmailMessage("reader@example.org", "Please confirm",
            "<p>Confirm here: <a href=\"http://127.0.0.1:5080/confirm?x=1\">confirm</a></p>", "Confirm here: http://127.0.0.1:5080/confirm?x=1")
        {
            Headers = new Dictionary<string, string> { ["List-Unsubscribe"] = "<http://127.0.0.1:5080/u>" },
        }, CancellationToken.None);
        Assert.Contains("Ok", answer, StringComparison.OrdinalIgnoreCase);

        using var client = store.CreateBrowserClient();
        var list = await client.GetPageAsync("/dev/mailbox");
        Assert.Contains("Please confirm", list, StringComparison.Ordinal);
        var id = System.Text.RegularExpressions.Regex.Match(list, "href=\"/dev/mailbox/([a-z0-9-]+)\"").Groups[1].Value;
        var detail = WebUtility.HtmlDecode(await client.GetPageAsync($"/dev/mailbox/{id}"));
        Assert.Contains("http://127.0.0.1:5080/confirm?x=1", detail, StringComparison.Ordinal);
        Assert.Contains("List-Unsubscribe", detail, StringComparison.Ordinal);
        Assert.Contains("Confirm here:", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_id_that_tries_to_leave_the_folder_is_404()
    {
        using var client = store.CreateBrowserClient();
        var response = await client.GetAsync("/dev/mailbox/..%2F..%2Fetc%2Fpasswd");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
