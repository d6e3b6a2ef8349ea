using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FibroStore.Editorial.Data.Configurations;

internal static class Limits
{
    public const int Slug = 120;
    public const int Title = 200;
    public const int Excerpt = 400;
    public const int Markdown = 200_000;
    public const int References = 20_000;
    public const int Name = 80;
    public const int Email = 254;
    public const int Url = 300;
    public const int ReplyBody = 5_000;
}

internal sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> b)
    {
        b.ToTable("articles");
        b.HasKey(a => a.Id);
        b.HasIndex(a => a.Slug).IsUnique();
        b.HasIndex(a => a.ImportKey).IsUnique().HasFilter("import_key IS NOT NULL");
        b.HasIndex(a => new { a.Status, a.PublishedAt });
        b.HasIndex(a => a.PublishAt).HasFilter("status = 'Scheduled'");
        b.HasIndex(a => a.PreviewToken).IsUnique();
        b.HasIndex(a => a.ProductSlugs).HasMethod("gin");
        b.Property(a => a.Slug).HasMaxLength(Limits.Slug);
        b.Property(a => a.Title).HasMaxLength(Limits.Title);
        b.Property(a => a.Excerpt).HasMaxLength(Limits.Excerpt);
        b.Property(a => a.SeoTitle).HasMaxLength(Limits.Title);
        b.Property(a => a.SeoDescription).HasMaxLength(Limits.Excerpt);
        b.Property(a => a.ImageUrl).HasMaxLength(Limits.Url);
        b.Property(a => a.ImageAlt).HasMaxLength(Limits.Title);
        b.Property(a => a.AuthorName).HasMaxLength(Limits.Name);
        b.Property(a => a.AuthorSlug).HasMaxLength(Limits.Slug);
        b.Property(a => a.ReviewedBy).HasMaxLength(Limits.Name);
        b.Property(a => a.PreviewToken).HasMaxLength(64);
        b.Property(a => a.ImportKey).HasMaxLength(300);
        b.Property(a => a.TocJson).HasColumnType("jsonb");
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        // Titles weigh most, then the excerpt, then the body.
        b.Property<NpgsqlTypes.NpgsqlTsVector>("SearchVector")
            .HasComputedColumnSql(
                "setweight(to_tsvector('english', coalesce(title, '')), 'A') || " +
                "setweight(to_tsvector('english', coalesce(excerpt, '')), 'B') || " +
                "setweight(to_tsvector('english', coalesce(body_text, '')), 'C')", stored: true);
        b.HasIndex("SearchVector").HasMethod("gin");
        // The title and excerpt part alone: small enough to stay in the row, so search can rank every match by it
        // and read the large body vector only for the few it keeps (see ArticleSearch).
        b.Property<NpgsqlTypes.NpgsqlTsVector>("SearchHead")
            .HasComputedColumnSql(
                "setweight(to_tsvector('english', coalesce(title, '')), 'A') || " +
                "setweight(to_tsvector('english', coalesce(excerpt, '')), 'B')", stored: true);
        b.HasIndex("SearchHead").HasMethod("gin");
        b.HasIndex(a => a.Title).HasMethod("gin").HasOperators("gin_trgm_ops");
        b.HasOne(a => a.Category).WithMany().HasForeignKey(a => a.CategoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Tags).WithMany(t => t.Articles).UsingEntity("article_tags");
        b.HasMany(a => a.OtherCategories).WithMany().UsingEntity("article_categories",
            r => r.HasOne(typeof(Category)).WithMany().HasForeignKey("category_id").OnDelete(DeleteBehavior.Cascade),
            l => l.HasOne(typeof(Article)).WithMany().HasForeignKey("article_id").OnDelete(DeleteBehavior.Cascade),
            j => j.HasIndex("category_id"));
        b.Property(a => a.ImportSourceHash).HasMaxLength(64);
    }
}

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> b)
    {
        b.ToTable("categories");
        b.HasKey(c => c.Id);
        b.HasIndex(c => c.Slug).IsUnique();
        b.Property(c => c.Slug).HasMaxLength(Limits.Slug);
        b.Property(c => c.Name).HasMaxLength(Limits.Name);
        b.Property(c => c.Description).HasMaxLength(Limits.Excerpt);
    }
}

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> b)
    {
        b.ToTable("tags");
        b.HasKey(t => t.Id);
        b.HasIndex(t => t.Slug).IsUnique();
        b.Property(t => t.Slug).HasMaxLength(Limits.Slug);
        b.Property(t => t.Name).HasMaxLength(Limits.Name);
    }
}

internal sealed class RevisionConfiguration : IEntityTypeConfiguration<ArticleRevision>
{
    public void Configure(EntityTypeBuilder<ArticleRevision> b)
    {
        b.ToTable("article_revisions");
        b.HasKey(r => r.Id);
        b.HasIndex(r => new { r.ArticleId, r.Number }).IsUnique();
        b.Property(r => r.SavedBy).HasMaxLength(100);
        b.Property(r => r.Title).HasMaxLength(Limits.Title);
        b.Property(r => r.Slug).HasMaxLength(Limits.Slug);
        b.Property(r => r.Excerpt).HasMaxLength(Limits.Excerpt);
        b.HasOne<Article>().WithMany().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RedirectConfiguration : IEntityTypeConfiguration<Redirect>
{
    public const int PathLength = 400;

    public void Configure(EntityTypeBuilder<Redirect> b)
    {
        b.ToTable("redirects");
        b.HasKey(r => r.FromPath);
        b.Property(r => r.FromPath).HasMaxLength(PathLength);
        b.Property(r => r.TargetPath).HasMaxLength(PathLength);
        b.Property(r => r.Source).HasMaxLength(40);
        b.HasIndex(r => r.ArticleId).HasFilter("article_id IS NOT NULL");
        b.HasIndex(r => new { r.Source, r.FromPath });
        // A deleted article leaves its old addresses answering 410 Gone rather than 404.
        b.HasOne<Article>().WithMany().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.SetNull);
        b.Ignore(r => r.IsGone);
    }
}

internal sealed class NotFoundPathConfiguration : IEntityTypeConfiguration<NotFoundPath>
{
    public void Configure(EntityTypeBuilder<NotFoundPath> b)
    {
        b.ToTable("not_found_paths");
        b.HasKey(p => p.Path);
        b.Property(p => p.Path).HasMaxLength(RedirectConfiguration.PathLength);
        // The retention sweep deletes by age.
        b.HasIndex(p => p.LastSeenAt);
    }
}

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> b)
    {
        b.ToTable("import_runs");
        b.HasKey(r => r.Id);
        b.HasIndex(r => r.StartedAt);
        b.Property(r => r.SiteKey).HasMaxLength(300);
        b.Property(r => r.ActorId).HasMaxLength(100);
        b.Property(r => r.SummaryJson).HasColumnType("jsonb");
        b.Property(r => r.ReportJson).HasColumnType("jsonb");
    }
}

internal sealed class ImportedPageConfiguration : IEntityTypeConfiguration<ImportedPage>
{
    public void Configure(EntityTypeBuilder<ImportedPage> b)
    {
        b.ToTable("imported_pages");
        b.HasKey(p => p.ImportKey);
        b.Property(p => p.ImportKey).HasMaxLength(300);
        b.Property(p => p.Slug).HasMaxLength(Limits.Slug);
        b.Property(p => p.SourceHash).HasMaxLength(64);
    }
}

internal sealed class ReplyConfiguration : IEntityTypeConfiguration<Reply>
{
    public void Configure(EntityTypeBuilder<Reply> b)
    {
        b.ToTable("replies");
        b.HasKey(r => r.Id);
        b.HasIndex(r => new { r.ArticleId, r.Status, r.CreatedAt });
        b.HasIndex(r => new { r.Status, r.CreatedAt });
        b.HasIndex(r => r.UserId).HasFilter("user_id IS NOT NULL");
        b.HasIndex(r => r.ImportKey).IsUnique().HasFilter("import_key IS NOT NULL");
        b.HasIndex(r => r.NotifyToken).IsUnique();
        b.Property(r => r.AuthorName).HasMaxLength(Limits.Name);
        b.Property(r => r.Email).HasMaxLength(Limits.Email);
        b.Property(r => r.Website).HasMaxLength(Limits.Url);
        b.Property(r => r.UserId).HasMaxLength(100);
        b.Property(r => r.Body).HasMaxLength(Limits.ReplyBody * 4);
        b.Property(r => r.NotifyToken).HasMaxLength(64);
        b.Property(r => r.ImportKey).HasMaxLength(300);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        b.HasOne(r => r.Article).WithMany(a => a.Replies).HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Reply>().WithMany().HasForeignKey(r => r.ParentId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class BlockedTermConfiguration : IEntityTypeConfiguration<BlockedTerm>
{
    public void Configure(EntityTypeBuilder<BlockedTerm> b)
    {
        b.ToTable("blocked_terms");
        b.HasKey(t => t.Id);
        b.HasIndex(t => t.Term).IsUnique();
        b.Property(t => t.Term).HasMaxLength(100);
    }
}
