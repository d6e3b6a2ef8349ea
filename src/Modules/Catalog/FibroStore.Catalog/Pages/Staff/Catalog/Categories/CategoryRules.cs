using System.ComponentModel.DataAnnotations;

namespace FibroStore.Catalog.Pages.Staff.Catalog.Categories;

/// <summary>The fields staff type for a category; shared by the create and edit pages.</summary>
public class CategoryForm
{
    [Required, StringLength(80)] public string Name { get; set; } = "";
    [StringLength(80), Display(Name = "Address name (slug)")] public string? Slug { get; set; }
    [StringLength(1000)] public string? Description { get; set; }
    [Display(Name = "Inside")] public Guid? ParentId { get; set; }
}

/// <summary>The rules of the category tree that need the database: unique slugs, an existing parent, no cycles, a bounded depth.</summary>
internal static class CategoryRules
{
    public const int MaxDepth = 5;

    /// <summary>
    /// Serializes tree edits: two staff members moving A under B and B under A at the same moment would each pass the
    /// cycle check alone. Category edits are rare, so a table lock for the length of one small transaction costs nothing.
    /// </summary>
    public static Task LockTreeAsync(CatalogDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("LOCK TABLE catalog.categories IN SHARE ROW EXCLUSIVE MODE", ct);

    /// <summary>Whether category <paramref name="id"/> (null for a new one) may have this slug and parent; every problem at once.</summary>
    public static async Task<Outcome> CheckAsync(CatalogDbContext db, Guid? id, string slug, Guid? parentId, CancellationToken ct)
    {
        var problems = new List<FieldProblem>();
        if (slug.Length > 80 || !Product.IsValidSlug(slug))
            problems.Add(new("Category.Slug", "Use lowercase letters, digits and single dashes, such as heat-and-cold."));
        else if (await db.Categories.AnyAsync(c => c.Slug == slug && c.Id != id, ct))
            problems.Add(new("Category.Slug", $"Another category already uses the address name \"{slug}\". Choose another."));
        if (parentId is { } parent && await ParentProblemAsync(db, id, parent, ct) is { } parentProblem)
            problems.Add(new("Category.ParentId", parentProblem));
        return problems.Count == 0 ? Outcome.Done : Refusal.Invalid(problems);
    }

    private static async Task<string?> ParentProblemAsync(CatalogDbContext db, Guid? id, Guid parentId, CancellationToken ct)
    {
        var parents = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.ParentId, ct);
        if (!parents.ContainsKey(parentId)) return "That parent category no longer exists.";
        var depth = 1;
        for (var current = (Guid?)parentId; current is { } c; current = parents.GetValueOrDefault(c), depth++)
        {
            if (c == id) return "A category cannot go inside itself or inside one of its own subcategories.";
            if (depth > parents.Count) break;
        }
        return depth + (id is { } self ? Height(self, parents) : 0) > MaxDepth
            ? $"Categories can be at most {MaxDepth} levels deep, so shoppers can find their way."
            : null;
    }

    /// <summary>How many levels hang below a category, counting itself as 0.</summary>
    private static int Height(Guid id, Dictionary<Guid, Guid?> parents)
    {
        var children = parents.Where(p => p.Value == id).Select(p => p.Key).ToList();
        return children.Count == 0 ? 0 : 1 + children.Max(c => Height(c, parents));
    }
}
