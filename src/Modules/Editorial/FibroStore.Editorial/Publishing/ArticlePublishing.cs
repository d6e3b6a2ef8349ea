using FibroStore.Editorial.Contracts;

namespace FibroStore.Editorial.Publishing;

internal static class ArticlePublishing
{
    /// <summary>
    /// Makes the article live and, the first time only, stages ArticlePublished in the same SaveChanges.
    /// Callers hold the row (tracked and locked, or new), so two publishers cannot both see a first publication.
    /// </summary>
    public static void Publish(EditorialDbContext db, Article article, DateTimeOffset now, bool imported = false)
    {
        if (!article.Publish(now)) return;
        db.AddEvent(new ArticlePublished(article.Id, article.Slug, article.Title, article.Excerpt, ArticleUrls.Article(article.Slug),
            SendToSubscribers: article.SendToSubscribers && !imported, Imported: imported, article.PublishedAt!.Value)
        {
            BodyHtml = EmailBody(article.BodyHtml),
        }, now);
    }

    /// <summary>The article's HTML as an email carries it: product markers become live cards on the site, and an email has no cards.</summary>
    public static string EmailBody(string bodyHtml) => string.Concat(ArticleRenderer.Segments(bodyHtml).Select(s => s.Html));
}
