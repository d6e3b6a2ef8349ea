using FibroStore.SharedKernel.Security;
using FibroStore.TestKit;
using Microsoft.Playwright;

namespace FibroStore.E2E;

public sealed class SubscriberJourneyTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task A_reader_subscribes_on_an_article_confirms_from_the_mailbox_gets_the_next_article_and_can_unsubscribe()
    {
        var editor = await SignedInEditorAsync();
        await PublishAsync(editor, "Rest days without guilt", sendToSubscribers: false);

        var readerEmail = $"rae-{Guid.NewGuid():N}@example.org";
        var reader = await session.NewPageAsync();
        await session.VisitAsync(reader, "/articles/rest-days-without-guilt");
        var box = reader.GetByRole(AriaRole.Region, new() { Name = "Subscribe" });
        await box.GetByLabel("Email address").FillAsync(readerEmail);
        await box.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();
        await session.ScanAsync(reader);

        await session.OpenMailAsync(reader, readerEmail, "Please confirm your subscription");
        await reader.Locator(".mail-links a[href*='/subscribe/confirm/']").First.ClickAsync();
        await session.ScanAsync(reader);
        await reader.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(reader.GetByRole(AriaRole.Status)).ToBeVisibleAsync();
        await session.ScanAsync(reader);

        await PublishAsync(editor, "Gentle stretches for stiff mornings", sendToSubscribers: true);

        await session.OpenMailAsync(reader, readerEmail, "Gentle stretches for stiff mornings");
        await reader.Locator(".mail-links a[href*='/subscribe/unsubscribe/']").First.ClickAsync();
        await session.ScanAsync(reader);
        await reader.GetByRole(AriaRole.Button, new() { Name = "Unsubscribe" }).ClickAsync();
        await Assertions.Expect(reader.GetByRole(AriaRole.Status)).ToContainTextAsync("you are unsubscribed");
        await session.ScanAsync(reader);
    }

    private async Task<IPage> SignedInEditorAsync()
    {
        var email = $"ed-{Guid.NewGuid():N}@example.org";
        await session.Store.CreateUserAsync(email, StoreFactory.DefaultPassword, StaffRoles.Editor);
        var page = await session.NewPageAsync();
        await session.SignInAsync(page, email);
        return page;
    }

    private async Task PublishAsync(IPage editor, string title, bool sendToSubscribers)
    {
        await session.VisitAsync(editor, "/staff/articles");
        await editor.GetByRole(AriaRole.Link, new() { Name = "Write a new article" }).ClickAsync();
        await editor.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await editor.GetByLabel("Excerpt", new() { Exact = true }).FillAsync($"A short look at {title.ToLowerInvariant()}.");
        await editor.GetByLabel("Text (Markdown)").FillAsync("## Start small\n\nA few minutes is enough to begin.");
        await editor.GetByLabel("Send to subscribers when it first goes live").SetCheckedAsync(sendToSubscribers);
        await editor.GetByRole(AriaRole.Button, new() { Name = "Publish now", Exact = true }).ClickAsync();
        await session.WaitForPageAsync(editor, "**/staff/articles/edit/*saved=*");
        await session.ScanAsync(editor);
    }
}
