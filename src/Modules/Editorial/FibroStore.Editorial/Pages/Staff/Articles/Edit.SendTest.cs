using System.Security.Claims;
using FibroStore.Editorial.Contracts;
using FibroStore.Editorial.Publishing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace FibroStore.Editorial.Pages.Staff.Articles;

public sealed partial class EditArticle
{
    /// <summary>
    /// "Send me a test email" posts the whole editor form, like the upload button, so the unsaved title, excerpt and
    /// text are what the test shows and the form comes back unsaved.
    /// </summary>
    public async Task<IActionResult> OnPostSendTestAsync(CancellationToken ct)
    {
        // Only the two fields the email shows matter here; the rest are checked when the article is saved.
        ModelState.Clear();
        var title = Input.Title?.Trim() ?? "";
        var excerpt = Input.Excerpt?.Trim() ?? "";
        if (title.Length == 0 || excerpt.Length == 0)
            ModelState.AddModelError("", "Write a title and an excerpt before sending yourself a test.");
        // Accounts makes the user name the email address and issues no separate email claim.
        var to = User.FindFirstValue(ClaimTypes.Email) ?? User.Identity?.Name;
        if (to is null || !to.Contains('@', StringComparison.Ordinal))
            ModelState.AddModelError("", "Your account has no email address to send the test to.");
        if (ModelState.IsValid)
        {
            var sent = await mediator.Send(new SendTest(Id, title, excerpt, Input.Markdown ?? "", Input.References ?? "", Input.Slug, to!,
                User.StaffId()), ct);
            if (sent.IsDone) Message = $"A test email was sent to {to}. Nobody on the list received it.";
            else this.Show(sent.Refusal);
        }
        return await ReloadAsync(ct);
    }

    public sealed record SendTest(Guid? ArticleId, string Title, string Excerpt, string Markdown, string References, string? Slug, string ToEmail,
        string ActorId) : ICommand<Outcome>;

    internal sealed class SendTestHandler(INewsletterPreview preview, ArticleRenderer renderer, EditorialDbContext db, IConfiguration configuration,
        TimeProvider clock, ILogger<SendTestHandler> logger)
        : ICommandHandler<SendTest, Outcome>
    {
        public async ValueTask<Outcome> Handle(SendTest command, CancellationToken ct)
        {
            // An unsaved article has no slug yet; the one its title would get shows where the link will point.
            var slug = string.IsNullOrWhiteSpace(command.Slug) ? Slugs.From(command.Title) : command.Slug;
            var url = PublicLinks.Absolute(configuration, ArticleUrls.Article(slug));
            // The body as a published article's email carries it (Subscribers uses it when full-text emails are on).
            var body = ArticlePublishing.EmailBody(renderer.Render(command.Markdown, command.References).Html);
            try
            {
                await preview.SendTestAsync(command.ToEmail, new NewsletterArticle(command.Title, command.Excerpt, url) { BodyHtml = body }, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "The newsletter test email could not be sent");
                return Refusal.Unavailable("The test email could not be sent: the mail server did not accept it. Try again in a moment.");
            }
            AuditTrail.Record(db, clock.GetUtcNow(), command.ActorId, AuditAreas.Editorial, "article.newsletter-test-sent", "Article",
                command.ArticleId?.ToString() ?? "unsaved");
            await db.SaveChangesAsync(ct);
            return Outcome.Done;
        }
    }
}
