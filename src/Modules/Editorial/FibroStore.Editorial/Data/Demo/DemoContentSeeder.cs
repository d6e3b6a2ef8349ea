using System.Security.Cryptography;

namespace FibroStore.Editorial.Data.Demo;

/// <summary>
/// The demo articles (written for this project) and a few replies, so a first run shows a living site.
/// Idempotent: an article whose slug exists is left alone. Demo articles raise no ArticlePublished event:
/// nobody should be emailed about them.
/// </summary>
internal sealed class DemoContentSeeder(EditorialDbContext db, ArticleRenderer renderer, TimeProvider clock) : IDataSeeder
{
    public int Order => 20;
    public bool IsDemoContent => true;

    public async Task SeedAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var categories = await db.Categories.ToDictionaryAsync(c => c.Slug, ct);
        foreach (var (slug, name, description) in DemoArticles.Categories)
        {
            if (categories.ContainsKey(slug)) continue;
            var category = new Category { Id = Guid.NewGuid(), Slug = slug, Name = name, Description = description };
            db.Categories.Add(category);
            categories[slug] = category;
        }
        var tags = await db.Tags.ToDictionaryAsync(t => t.Slug, ct);
        var existing = await db.Articles.Select(a => a.Slug).ToListAsync(ct);

        var index = 0;
        foreach (var demo in DemoArticles.All)
        {
            index++;
            if (existing.Contains(demo.Slug)) continue;
            var rendered = renderer.Render(demo.Markdown, demo.References);
            // The newest demo article is two days old, and each was reviewed the day after it went out: never a future date.
            var publishedAt = now.AddDays(-9 * (DemoArticles.All.Count - index) - 2).AddHours(-index);
            var article = new Article
            {
                Id = Guid.NewGuid(), Slug = demo.Slug, Title = demo.Title, Excerpt = demo.Excerpt, Markdown = demo.Markdown, References = demo.References,
                BodyHtml = rendered.Html, BodyText = rendered.Text, TocJson = rendered.TocJson, ReferencesHtml = rendered.ReferencesHtml,
                ProductSlugs = [.. rendered.ProductSlugs], ReadingMinutes = rendered.ReadingMinutes,
                CategoryId = categories[demo.Category].Id, AuthorName = demo.Author, AuthorSlug = Slugs.From(demo.Author),
                LastReviewedOn = DateOnly.FromDateTime(publishedAt.UtcDateTime.AddDays(1)), ReviewedBy = "The FibroStore editors",
                ShowDisclaimer = true, Status = ArticleStatus.Published, PublishedAt = publishedAt, FirstPublishedAt = publishedAt,
                CreatedAt = publishedAt, UpdatedAt = publishedAt, PreviewToken = Token(),
                Tags = demo.Tags.Select(name =>
                {
                    var tagSlug = Slugs.From(name);
                    if (!tags.TryGetValue(tagSlug, out var tag))
                        tags[tagSlug] = tag = new Tag { Id = Guid.NewGuid(), Slug = tagSlug, Name = name };
                    return tag;
                }).ToList(),
            };
            db.Articles.Add(article);
            db.Revisions.Add(new ArticleRevision
            {
                Id = Guid.NewGuid(), ArticleId = article.Id, Number = 1, SavedAt = publishedAt, SavedBy = "demo",
                Title = article.Title, Slug = article.Slug, Excerpt = article.Excerpt, Markdown = article.Markdown, References = article.References,
            });
            var replyIds = new List<Guid>();
            var minutes = 0;
            foreach (var (author, text, parent) in demo.Replies)
            {
                minutes += 190;
                var reply = new Reply
                {
                    Id = Guid.NewGuid(), ArticleId = article.Id, ParentId = parent is int p ? replyIds[p] : null, AuthorName = author,
                    Email = $"{Slugs.From(author)}@example.invalid", Body = text, BodyHtml = $"<p>{System.Net.WebUtility.HtmlEncode(text)}</p>",
                    Status = ReplyStatus.Approved, CreatedAt = publishedAt.AddMinutes(minutes), ApprovedAt = publishedAt.AddMinutes(minutes + 30),
                    NotifyToken = Token(),
                };
                replyIds.Add(reply.Id);
                db.Replies.Add(reply);
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private static string Token() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
}
