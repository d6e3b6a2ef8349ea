namespace FibroStore.Editorial.Data;

/// <summary>An article needs a category, so a fresh store (demo content or not) starts with one editors can rename.</summary>
internal sealed class CategorySeeder(EditorialDbContext db) : IDataSeeder
{
    public int Order => 10;
    public bool IsDemoContent => false;

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.Categories.AnyAsync(ct)) return;
        db.Categories.Add(new Category { Id = Guid.NewGuid(), Slug = "general", Name = "General", Description = "Articles for everyone living with fibromyalgia." });
        await db.SaveChangesAsync(ct);
    }
}
