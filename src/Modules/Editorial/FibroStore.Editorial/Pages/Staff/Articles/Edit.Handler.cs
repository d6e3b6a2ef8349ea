using System.Security.Cryptography;
using FibroStore.Editorial.Publishing;
using FibroStore.SharedKernel;

namespace FibroStore.Editorial.Pages.Staff.Articles;

public sealed partial class EditArticle
{
    public sealed record Load(Guid? Id) : IQuery<Loaded?>;
    public sealed record Loaded(ArticleForm Form, EditorState State, IReadOnlyList<(Guid Id, string Name)> Categories);
    public sealed record RenderPreview(string Markdown, string References) : IQuery<PreviewResult>;
    public sealed record Save(Guid? Id, ArticleForm Form, SaveIntent Intent, string ActorId) : ICommand<Outcome<Saved>>;
    /// <summary>A saved article, with what the editor should know about it (a product card with no product behind it).</summary>
    public sealed record Saved(Guid Id, IReadOnlyList<string> Warnings);

    public const int MaxTags = 15;

    internal sealed class Handler(
        EditorialDbContext db,
        ArticleRenderer renderer,
        ProductSlots products,
        ISiteSettings siteSettings,
        IPageCache cache,
        TimeProvider clock) : IQueryHandler<Load, Loaded?>, IQueryHandler<RenderPreview, PreviewResult>, ICommandHandler<Save, Outcome<Saved>>
    {
        public async ValueTask<Loaded?> Handle(Load query, CancellationToken cancellationToken)
        {
            var categories = (await db.Categories.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken))
                .Select(c => (c.Id, c.Name)).ToList();
            if (query.Id is not Guid id)
                return new Loaded(new ArticleForm { CategoryId = categories.FirstOrDefault().Id }, EditorState.New, categories);

            var article = await db.Articles.AsNoTracking().Include(a => a.Tags).Include(a => a.OtherCategories).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
            if (article is null) return null;
            var zone = (await siteSettings.GetAsync(cancellationToken)).TimeZone;
            var revisions = await db.Revisions.CountAsync(r => r.ArticleId == id, cancellationToken);
            var form = new ArticleForm
            {
                Title = article.Title, Slug = article.Slug, Excerpt = article.Excerpt, Markdown = article.Markdown, References = article.References,
                SeoTitle = article.SeoTitle, SeoDescription = article.SeoDescription, ImageUrl = article.ImageUrl, ImageAlt = article.ImageAlt,
                CategoryId = article.CategoryId, OtherCategoryIds = article.OtherCategories.Select(c => c.Id).ToList(), Tags = string.Join(", ", article.Tags.OrderBy(t => t.Name).Select(t => t.Name)),
                AuthorName = article.AuthorName, LastReviewedOn = article.LastReviewedOn, ReviewedBy = article.ReviewedBy,
                ShowDisclaimer = article.ShowDisclaimer, SendToSubscribers = article.SendToSubscribers, RepliesClosed = article.RepliesClosed,
                PublishAt = article.PublishAt is DateTimeOffset at ? TimeZoneInfo.ConvertTime(at, zone).DateTime : null,
            };
            var state = new EditorState(article.Status.ToString(), $"/articles/preview/{article.PreviewToken}",
                article.IsLive ? ArticleUrls.Article(article.Slug) : null, article.PublishAt is DateTimeOffset due ? TimeZoneInfo.ConvertTime(due, zone) : null, revisions, IsNew: false);
            return new Loaded(form, state, categories);
        }

        public async ValueTask<PreviewResult> Handle(RenderPreview query, CancellationToken cancellationToken)
        {
            var rendered = renderer.Render(query.Markdown, query.References);
            var warnings = rendered.Warnings.Concat(await UnknownProductsAsync(rendered, cancellationToken)).ToList();
            return new PreviewResult(rendered.Html, rendered.ReferencesHtml, rendered.Toc.Select(t => (t.Level, t.Id, t.Text)).ToList(), warnings);
        }

        public async ValueTask<Outcome<Saved>> Handle(Save command, CancellationToken cancellationToken)
        {
            var form = command.Form;
            var errors = new List<FieldProblem>();
            var now = clock.GetUtcNow();
            var settings = await siteSettings.GetAsync(cancellationToken);

            var slug = string.IsNullOrWhiteSpace(form.Slug) ? Slugs.From(form.Title) : form.Slug.Trim();
            if (slug.Length == 0 || !Slugs.IsValid(slug))
                errors.Add(new(Field(nameof(ArticleForm.Slug)), $"Choose a slug for the address. {Slugs.Rule}"));
            if (form.CategoryId is not Guid categoryId || !await db.Categories.AnyAsync(c => c.Id == categoryId, cancellationToken))
                errors.Add(new(Field(nameof(ArticleForm.CategoryId)), "Choose one of the categories."));
            var otherCategoryIds = (form.OtherCategoryIds ?? []).Where(c => c != form.CategoryId).Distinct().ToList();
            var otherCategories = await db.Categories.Where(c => otherCategoryIds.Contains(c.Id)).ToListAsync(cancellationToken);
            if (otherCategories.Count != otherCategoryIds.Count)
                errors.Add(new(Field(nameof(ArticleForm.OtherCategoryIds)), "One of the other categories no longer exists. Choose again."));
            var tagNames = (form.Tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .DistinctBy(Slugs.From).Where(t => Slugs.From(t).Length > 0).ToList();
            if (tagNames.Count > MaxTags)
                errors.Add(new(Field(nameof(ArticleForm.Tags)), $"Use at most {MaxTags} tags."));
            if (tagNames.Any(t => t.Length > Data.Configurations.Limits.Name))
                errors.Add(new(Field(nameof(ArticleForm.Tags)), $"Each tag can be at most {Data.Configurations.Limits.Name} characters."));
            var imageUrl = string.IsNullOrWhiteSpace(form.ImageUrl) ? null : form.ImageUrl.Trim();
            if (imageUrl is not null && !(imageUrl.StartsWith('/') && !imageUrl.StartsWith("//", StringComparison.Ordinal)))
                errors.Add(new(Field(nameof(ArticleForm.ImageUrl)), "Use an image stored in the shop: its address starts with /media/."));
            if (imageUrl is not null && string.IsNullOrWhiteSpace(form.ImageAlt))
                errors.Add(new(Field(nameof(ArticleForm.ImageAlt)), "Describe the image for people who cannot see it."));
            var today = ZonedTime.DayOf(now, settings.TimeZone);
            if (form.LastReviewedOn is DateOnly reviewed && reviewed > today)
                errors.Add(new(Field(nameof(ArticleForm.LastReviewedOn)), "The review date cannot be in the future."));
            DateTimeOffset? publishAt = null;
            if (form.PublishAt is DateTime local)
            {
                var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
                publishAt = settings.TimeZone.IsInvalidTime(unspecified) ? null : new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, settings.TimeZone));
                if (publishAt is null)
                    errors.Add(new(Field(nameof(ArticleForm.PublishAt)), "That time does not exist in the store's time zone (the clocks go forward then). Choose another."));
            }
            if (command.Intent == SaveIntent.Schedule && (publishAt is null || publishAt <= now) && errors.All(e => e.Field != Field(nameof(ArticleForm.PublishAt))))
                errors.Add(new(Field(nameof(ArticleForm.PublishAt)), "Choose a publication date and time in the future."));

            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            Article? article = null;
            if (command.Id is Guid id)
            {
                // Holding the row makes a save and the scheduled publisher take turns: one first publication, one event.
                await db.Database.ExecuteSqlAsync($"SELECT 1 FROM editorial.articles WHERE id = {id} FOR UPDATE", cancellationToken);
                article = await db.Articles.Include(a => a.Tags).Include(a => a.OtherCategories).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
                if (article is null)
                    return Refusal.NotFound("This article no longer exists.");
            }
            if (slug.Length > 0 && await db.Articles.AnyAsync(a => a.Slug == slug && a.Id != command.Id, cancellationToken))
                errors.Add(new(Field(nameof(ArticleForm.Slug)), "Another article already uses this slug. Choose a different one."));
            if (command.Intent == SaveIntent.Unpublish && article?.Status is not (ArticleStatus.Published or ArticleStatus.Scheduled))
                errors.Add(new("", "Only a published or scheduled article can be unpublished."));
            if (errors.Count > 0)
                return Refusal.Invalid(errors);

            var rendered = renderer.Render(form.Markdown ?? "", form.References ?? "");
            var warnings = rendered.Warnings.Concat(await UnknownProductsAsync(rendered, cancellationToken)).ToList();
            var isNew = article is null;
            article ??= new Article
            {
                Id = Guid.NewGuid(),
                Status = ArticleStatus.Draft,
                CreatedAt = now,
                PreviewToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant(),
            };
            var before = isNew ? null : new { Status = article.Status.ToString(), article.Slug, article.Title };
            var oldSlug = article.Slug;

            article.Title = form.Title.Trim();
            article.Slug = slug;
            article.Excerpt = form.Excerpt.Trim();
            article.Markdown = form.Markdown ?? "";
            article.References = form.References ?? "";
            article.BodyHtml = rendered.Html;
            article.BodyText = rendered.Text;
            article.TocJson = rendered.TocJson;
            article.ReferencesHtml = rendered.ReferencesHtml;
            article.ProductSlugs = [.. rendered.ProductSlugs];
            article.ReadingMinutes = rendered.ReadingMinutes;
            article.SeoTitle = Blank(form.SeoTitle);
            article.SeoDescription = Blank(form.SeoDescription);
            article.ImageUrl = imageUrl;
            article.ImageAlt = imageUrl is null ? null : form.ImageAlt?.Trim();
            article.CategoryId = form.CategoryId!.Value;
            article.OtherCategories = otherCategories;
            article.AuthorName = form.AuthorName.Trim();
            article.AuthorSlug = Slugs.From(article.AuthorName) is { Length: > 0 } authorSlug ? authorSlug : "staff";
            article.LastReviewedOn = form.LastReviewedOn;
            article.ReviewedBy = Blank(form.ReviewedBy);
            article.ShowDisclaimer = form.ShowDisclaimer;
            article.SendToSubscribers = form.SendToSubscribers;
            article.RepliesClosed = form.RepliesClosed;
            article.UpdatedAt = now;
            article.Tags = await TagsAsync(tagNames, cancellationToken);

            switch (command.Intent)
            {
                case SaveIntent.Publish:
                    ArticlePublishing.Publish(db, article, now);
                    break;
                case SaveIntent.Schedule:
                    article.Status = ArticleStatus.Scheduled;
                    article.PublishAt = publishAt;
                    break;
                case SaveIntent.Unpublish:
                    article.Status = ArticleStatus.Unpublished;
                    article.PublishAt = null;
                    break;
                case SaveIntent.Save when article.Status == ArticleStatus.Scheduled && publishAt > now:
                    article.PublishAt = publishAt;
                    break;
            }
            if (isNew) db.Articles.Add(article);

            if (!isNew && oldSlug != slug && article.FirstPublishedAt is not null)
                await RedirectAsync($"/articles/{oldSlug}", article.Id, now, cancellationToken);
            // The new address belongs to this article now, whatever it used to point at.
            await db.Redirects.Where(r => r.FromPath == $"/articles/{slug}").ExecuteDeleteAsync(cancellationToken);

            var number = await db.Revisions.Where(r => r.ArticleId == article.Id).MaxAsync(r => (int?)r.Number, cancellationToken) ?? 0;
            db.Revisions.Add(new ArticleRevision
            {
                Id = Guid.NewGuid(), ArticleId = article.Id, Number = number + 1, SavedAt = now, SavedBy = command.ActorId,
                Title = article.Title, Slug = article.Slug, Excerpt = article.Excerpt, Markdown = article.Markdown, References = article.References,
            });
            AuditTrail.Record(db, now, command.ActorId, AuditAreas.Editorial, isNew ? "article.created" : $"article.{command.Intent.ToString().ToLowerInvariant()}",
                "Article", article.Id.ToString(), before, new { Status = article.Status.ToString(), article.Slug, article.Title });
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            await cache.EvictArticlesAsync(cancellationToken);
            return new Saved(article.Id, warnings);
        }

        private async Task RedirectAsync(string fromPath, Guid articleId, DateTimeOffset now, CancellationToken ct)
        {
            var existing = await db.Redirects.SingleOrDefaultAsync(r => r.FromPath == fromPath, ct);
            if (existing is null)
            {
                db.Redirects.Add(new Redirect { FromPath = fromPath, ArticleId = articleId, Source = RedirectSources.ArticleSlug, CreatedAt = now, UpdatedAt = now });
                return;
            }
            existing.ArticleId = articleId;
            existing.TargetPath = null;
            existing.UpdatedAt = now;
        }

        private async Task<List<Tag>> TagsAsync(IReadOnlyList<string> names, CancellationToken ct)
        {
            var wanted = names.Select(n => (Name: n, Slug: Slugs.From(n))).ToList();
            var slugs = wanted.Select(w => w.Slug).ToList();
            var existing = await db.Tags.Where(t => slugs.Contains(t.Slug)).ToListAsync(ct);
            return wanted.Select(w => existing.FirstOrDefault(t => t.Slug == w.Slug) ?? new Tag { Id = Guid.NewGuid(), Slug = w.Slug, Name = w.Name }).ToList();
        }

        private async Task<IEnumerable<string>> UnknownProductsAsync(RenderedArticle rendered, CancellationToken ct)
        {
            if (rendered.ProductSlugs.Count == 0) return [];
            var cards = await products.CardsAsync(rendered.ProductSlugs, ct);
            return rendered.ProductSlugs.Where(s => !cards.ContainsKey(s))
                .Select(s => $"No product in the shop has the slug \"{s}\": readers see no card there until one does.");
        }

        /// <summary>The form field's key on the editor page, where its message is shown.</summary>
        private static string Field(string name) => $"{nameof(Input)}.{name}";

        private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
