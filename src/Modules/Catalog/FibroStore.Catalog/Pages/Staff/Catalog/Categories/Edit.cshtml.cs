namespace FibroStore.Catalog.Pages.Staff.Catalog.Categories;

/// <summary>Rename a category, move it under another parent, or delete it once it is empty.</summary>
public sealed class EditCategory(IMediator mediator) : PageModel
{
    [BindProperty] public CategoryForm Category { get; set; } = new();

    public Details? Current { get; private set; }
    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, bool saved, CancellationToken ct)
    {
        if (!await LoadAsync(id, fillForm: true, ct)) return NotFound();
        Notice = saved ? "Saved." : null;
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid id, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var outcome = await mediator.Send(new Save(id, Category, Actor), ct);
            if (outcome.IsDone) return Redirect($"/staff/catalog/categories/{id}?saved=true");
            this.Show(outcome.Refusal);
        }
        return await LoadAsync(id, fillForm: false, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await mediator.Send(new Delete(id, Actor), ct);
        if (outcome.IsDone) return Redirect("/staff/catalog/categories?deleted=true");
        this.Show(outcome.Refusal);
        return await LoadAsync(id, fillForm: true, ct) ? Page() : NotFound();
    }

    private string Actor => User.StaffId();

    private async Task<bool> LoadAsync(Guid id, bool fillForm, CancellationToken ct)
    {
        Current = await mediator.Send(new Load(id), ct);
        if (Current is null) return false;
        if (fillForm) Category = Current.Form;
        return true;
    }

    public sealed record ParentOption(Guid Id, string Name, int Depth);
    public sealed record Details(CategoryForm Form, string Slug, int Products, int Children, IReadOnlyList<ParentOption> Parents);

    public sealed record Load(Guid Id) : IQuery<Details?>;
    public sealed record Save(Guid Id, CategoryForm Form, string ActorId) : ICommand<Outcome>;
    /// <summary>Done too when the category was already gone.</summary>
    public sealed record Delete(Guid Id, string ActorId) : ICommand<Outcome>;

    internal sealed class Handler(CatalogDbContext db, TimeProvider clock, CatalogCache cache) :
        IQueryHandler<Load, Details?>, ICommandHandler<Save, Outcome>, ICommandHandler<Delete, Outcome>
    {
        public async ValueTask<Details?> Handle(Load query, CancellationToken ct)
        {
            var tree = await CategoryTree.LoadAsync(db, ct);
            if (tree.Find(query.Id) is not { } node) return null;
            var products = await db.Categories.Where(c => c.Id == query.Id).Select(c => c.Products.Count).SingleAsync(ct);
            // A category cannot move inside itself or its own subcategories, so those are not offered.
            var below = tree.SelfAndDescendants(node).Select(n => n.Id).ToHashSet();
            var parents = tree.Links().Where(l => !below.Contains(l.Id)).Select(l => new ParentOption(l.Id, l.Name, l.Depth)).ToList();
            var form = new CategoryForm { Name = node.Name, Slug = node.Slug, Description = node.Description, ParentId = node.ParentId };
            return new Details(form, node.Slug, products, tree.Children(node.Id).Count(), parents);
        }

        public async ValueTask<Outcome> Handle(Save command, CancellationToken ct)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await CategoryRules.LockTreeAsync(db, ct);
            var category = await db.Categories.SingleOrDefaultAsync(c => c.Id == command.Id, ct);
            if (category is null) return Refusal.NotFound("That category no longer exists.");
            var f = command.Form;
            var slug = string.IsNullOrWhiteSpace(f.Slug) ? Product.Slugify(f.Name) : f.Slug.Trim();
            var allowed = await CategoryRules.CheckAsync(db, category.Id, slug, f.ParentId, ct);
            if (!allowed.IsDone) return allowed;

            var before = new { category.Name, category.Slug, category.ParentId };
            var moved = category.ParentId != f.ParentId;
            category.Name = f.Name.Trim();
            category.Slug = slug;
            category.Description = f.Description?.Trim() ?? "";
            if (moved)
            {
                category.ParentId = f.ParentId;
                category.Position = (await db.Categories.Where(c => c.ParentId == f.ParentId).Select(c => (int?)c.Position).MaxAsync(ct) ?? -1) + 1;
            }
            if (!db.ChangeTracker.HasChanges()) return Outcome.Done;
            AuditTrail.Record(db, clock.GetUtcNow(), command.ActorId, AuditAreas.Catalog, moved ? "category.moved" : "category.updated", "Category",
                category.Id.ToString(), before, new { category.Name, category.Slug, category.ParentId });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            // Product pages show the category in their breadcrumbs, so they go stale with it.
            var slugs = await db.Products.Where(p => p.Categories.Any(c => c.Id == category.Id)).Select(p => p.Slug).ToListAsync(ct);
            await cache.EvictProductsAsync(slugs, ct);
            return Outcome.Done;
        }

        public async ValueTask<Outcome> Handle(Delete command, CancellationToken ct)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await CategoryRules.LockTreeAsync(db, ct);
            var category = await db.Categories.SingleOrDefaultAsync(c => c.Id == command.Id, ct);
            if (category is null) return Outcome.Done;
            if (await db.Categories.AnyAsync(c => c.ParentId == category.Id, ct))
                return Refusal.Invalid("Move or delete its subcategories first: only an empty category can be deleted.");
            if (await db.Products.AnyAsync(p => p.Categories.Any(c => c.Id == category.Id), ct))
                return Refusal.Invalid("Take its products out of it first (on each product's page): only an empty category can be deleted.");
            db.Categories.Remove(category);
            AuditTrail.Record(db, clock.GetUtcNow(), command.ActorId, AuditAreas.Catalog, "category.deleted", "Category", category.Id.ToString(),
                before: new { category.Name, category.Slug, category.ParentId });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            await cache.EvictProductsAsync([], ct);
            return Outcome.Done;
        }
    }
}
