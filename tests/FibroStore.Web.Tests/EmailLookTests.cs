using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using FibroStore.SharedKernel.Email;

namespace FibroStore.Web.Tests;

/// <summary>How the store's emails read in a mail program: nothing runs off a phone or a mail window, and they come from the store's domain.</summary>
public sealed partial class EmailLookTests(PublicStore store) : IClassFixture<PublicStore>
{
    [Fact]
    public async Task An_action_email_shows_links_short_keeps_the_whole_address_on_the_button_and_in_the_text_part()
    {
        var email = $"short-links-{Guid.NewGuid():N}@example.org";
        using var client = store.CreateBrowserClient();
        var registered = await client.PostFormAsync("/Identity/Account/Register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Ann", ["Input.Email"] = email, ["Input.Password"] = "gentle-morning-walk", ["Input.ConfirmPassword"] = "gentle-morning-walk",
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);

        var mail = await store.Mailbox.WaitForAsync(email);
        var link = FullLink().Match(mail.TextBody ?? "").Value;
        Assert.True(link.Length > EmailComposer.MaxVisibleLinkLength, $"the confirmation link should be long enough to matter: {link}");
        // The plain-text part has the whole address alone on its line.
        Assert.Contains(link, (mail.TextBody ?? "").Split('\n').Select(l => l.Trim()));

        var html = new HtmlParser().ParseDocument(mail.HtmlBody!);
        var anchors = html.QuerySelectorAll("a[href]").ToList();
        Assert.Equal("Confirm my email address", anchors[0].TextContent.Trim());
        Assert.Equal(link, anchors[0].GetAttribute("href"));
        Assert.Contains(anchors.Skip(1), a => a.GetAttribute("href") == link && a.TextContent.Trim().EndsWith('…'));
        var longest = html.Body!.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).MaxBy(w => w.Length)!;
        Assert.True(longest.Length <= EmailComposer.MaxVisibleLinkLength, $"'{longest}' ({longest.Length} characters) runs off a narrow mail window");
    }

    [Fact]
    public async Task Message_ids_end_in_the_public_address_host()
    {
        var email = $"message-id-{Guid.NewGuid():N}@example.org";
        using var client = store.CreateBrowserClient();
        await client.PostFormAsync("/Identity/Account/Register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Bo", ["Input.Email"] = email, ["Input.Password"] = "gentle-morning-walk", ["Input.ConfirmPassword"] = "gentle-morning-walk",
        });

        var mail = await store.Mailbox.WaitForAsync(email);

        Assert.EndsWith("@" + new Uri(PublicStore.PublicUrl).Host, mail.Raw.MessageId, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex FullLink();
}
