namespace FibroStore.Catalog.Pages.Staff.Catalog.Categories;

/// <summary>The category tree, with a form to add a category anywhere in it.</summary>
public sealed class CategoryList(IMediator mediator) : PageModel
{
    [BindProperty] public CategoryForm Category { get; set; } = new();

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public string? Notice { get; private set; }

    public async Task OnGetAsync(bool created, bool deleted, CancellationToken ct)
    {
        Rows = await mediator.Send(new Query(), ct);
        Notice = created ? "Category added." : deleted ? "Category deleted." : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var outcome = await mediator.Send(new Create(Category, User.StaffId()), ct);
            if (outcome.IsDone) return Redirect("/staff/catalog/categories?created=true");
            this.Show(outcome.Refusal);
        }
        Rows = await mediator.Send(new Query(), ct);
        return Page();
    }

    public sealed record Row(Guid Id, string Name, string Slug, int Depth, int Products, int Children);

    public sealed record Query : IQuery<IReadOnlyList<Row>>;
    public sealed record Create(CategoryForm Form, string ActorId) : ICommand<Outcome>;

    internal sealed class Handler(CatalogDbContext db, TimeProvider clock, CatalogCache cache) :
        IQueryHandler<Query, IReadOnlyList<Row>>, ICommandHandler<Create, Outcome>
    {
        public async ValueTask<IReadOnlyList<Row>> Handle(Query query, CancellationToken ct)
        {
            var tree = await CategoryTree.LoadAsync(db, ct);
            var counts = await db.Categories.AsNoTracking()
                .Select(c => new { c.Id, Products = c.Products.Count })
                .ToDictionaryAsync(c => c.Id, c => c.Products, ct);
            return tree.Links().Select(l => new Row(l.Id, l.Name, l.Slug, l.Depth, counts.GetValueOrDefault(l.Id), tree.Children(l.Id).Count())).ToList();
        }

        public async ValueTask<Outcome> Handle(Create command, CancellationToken ct)
        {
            var f = command.Form;
            var slug = string.IsNullOrWhiteSpace(f.Slug) ? Product.Slugify(f.Name) : f.Slug.Trim();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await CategoryRules.LockTreeAsync(db, ct);
            var allowed = await CategoryRules.CheckAsync(db, null, slug, f.ParentId, ct);
            if (!allowed.IsDone) return allowed;
            var position = await db.Categories.Where(c => c.ParentId == f.ParentId).Select(c => (int?)c.Position).MaxAsync(ct) ?? -1;
            var category = new Category { Name = f.Name.Trim(), Slug = slug, Description = f.Description?.Trim() ?? "", ParentId = f.ParentId, Position = position + 1 };
            db.Categories.Add(category);
            AuditTrail.Record(db, clock.GetUtcNow(), command.ActorId, AuditAreas.Catalog, "category.created", "Category", category.Id.ToString(),
                after: new { category.Name, category.Slug, category.ParentId });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            await cache.EvictProductsAsync([], ct);
            return Outcome.Done;
        }
    }
}
