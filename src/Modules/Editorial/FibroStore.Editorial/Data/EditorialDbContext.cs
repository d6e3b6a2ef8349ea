namespace FibroStore.Editorial.Data;

// dotnet ef migrations add <Name> --project src/Modules/Editorial/FibroStore.Editorial --startup-project src/FibroStore.Web --context EditorialDbContext --output-dir Data/Migrations
internal sealed class EditorialDbContext(DbContextOptions<EditorialDbContext> options) : DbContext(options)
{
    public const string Schema = "editorial";

    public DbSet<Article> Articles => Set<Article>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<ArticleRevision> Revisions => Set<ArticleRevision>();
    public DbSet<Redirect> Redirects => Set<Redirect>();
    public DbSet<NotFoundPath> NotFoundPaths => Set<NotFoundPath>();
    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();
    public DbSet<ImportedPage> ImportedPages => Set<ImportedPage>();
    public DbSet<Reply> Replies => Set<Reply>();
    public DbSet<BlockedTerm> BlockedTerms => Set<BlockedTerm>();
    public DbSet<ArticleDailyViews> ArticleViews => Set<ArticleDailyViews>();
    public DbSet<ProductCardClicks> ProductCardClicks => Set<ProductCardClicks>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseModuleSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(EditorialDbContext).Assembly);
    }
}
