using System.ComponentModel.DataAnnotations;
using FibroStore.Catalog.Pages.Shop;
using FibroStore.SharedKernel.Images;
using Microsoft.AspNetCore.Http;

namespace FibroStore.Catalog.Pages.Staff.Catalog.Products;

public sealed class EditProduct(IMediator mediator) : PageModel
{
    [BindProperty] public ProductForm Product { get; set; } = new();
    [BindProperty, Required] public string Status { get; set; } = nameof(ProductStatus.Draft);
    [BindProperty] public uint Version { get; set; }

    public Details? Current { get; private set; }
    public IReadOnlyList<CategoryLink> Categories { get; private set; } = [];
    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, bool created, bool saved, CancellationToken ct)
    {
        if (!await LoadAsync(id, fillForm: true, ct)) return NotFound();
        Notice = created ? "Product saved as a draft." : saved ? "Saved." : null;
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid id, CancellationToken ct)
    {
        if (!Enum.TryParse<ProductStatus>(Status, out _)) ModelState.AddModelError(nameof(Status), "Choose draft, active or archived.");
        if (ModelState.IsValid)
        {
            var outcome = await mediator.Send(new Save(id, Product, Status, Version, Actor), ct);
            if (outcome.IsDone) return Redirect($"/staff/catalog/products/{id}?saved=true");
            this.Show(outcome.Refusal);
        }
        return await LoadAsync(id, fillForm: false, ct) ? Page() : NotFound();
    }

    [RequestSizeLimit(12 * 1024 * 1024)]
    public async Task<IActionResult> OnPostUploadAsync(Guid id, IFormFile? picture, [StringLength(ProductImage.MaxAltLength)] string? alt, CancellationToken ct)
    {
        ModelState.Clear();
        if (picture is null || picture.Length == 0) ModelState.AddModelError("picture", "Choose a picture to upload.");
        if (string.IsNullOrWhiteSpace(alt)) ModelState.AddModelError("alt", "Describe the picture for people who cannot see it (alt text).");
        else if (alt.Length > ProductImage.MaxAltLength) ModelState.AddModelError("alt", $"Keep the description under {ProductImage.MaxAltLength} characters.");
        if (ModelState.IsValid)
        {
            await using var stream = picture!.OpenReadStream();
            var outcome = await mediator.Send(new Upload(id, stream, alt!.Trim(), Actor), ct);
            if (outcome.IsDone) return Redirect($"/staff/catalog/products/{id}?saved=true");
            this.Show(outcome.Refusal);
        }
        return await LoadAsync(id, fillForm: true, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostRemoveImageAsync(Guid id, Guid imageId, CancellationToken ct)
    {
        await mediator.Send(new RemoveImage(id, imageId, Actor), ct);
        return Redirect($"/staff/catalog/products/{id}?saved=true");
    }

    public async Task<IActionResult> OnPostMoveImageAsync(Guid id, Guid imageId, bool earlier, CancellationToken ct)
    {
        await mediator.Send(new MoveImage(id, imageId, earlier, Actor), ct);
        return Redirect($"/staff/catalog/products/{id}?saved=true");
    }

    private string Actor => User.StaffId();

    private async Task<bool> LoadAsync(Guid id, bool fillForm, CancellationToken ct)
    {
        Current = await mediator.Send(new Load(id), ct);
        if (Current is null) return false;
        Categories = await mediator.Send(new CategoryOptions(), ct);
        if (fillForm)
        {
            Product = Current.Form;
            Status = Current.Status;
            Version = Current.Version;
        }
        return true;
    }

    public sealed record ImageRow(Guid Id, string Url, string Alt);
    public sealed record VariantRow(Guid Id, string Name, string Sku, decimal Price, bool Archived, bool Tracked, int OnHand, int Reserved);
    public sealed record Details(ProductForm Form, string Slug, string Status, uint Version, IReadOnlyList<VariantRow> Variants, IReadOnlyList<ImageRow> Images);

    public sealed record Load(Guid Id) : IQuery<Details?>;
    public sealed record Save(Guid Id, ProductForm Form, string Status, uint Version, string ActorId) : ICommand<Outcome>;
    public sealed record Upload(Guid Id, Stream Picture, string Alt, string ActorId) : ICommand<Outcome>;
    public sealed record RemoveImage(Guid Id, Guid ImageId, string ActorId) : ICommand;
    /// <summary>Swaps a picture with its neighbour; the first picture is the one on product cards.</summary>
    public sealed record MoveImage(Guid Id, Guid ImageId, bool Earlier, string ActorId) : ICommand;

    internal sealed class Handler(CatalogDbContext db, TimeProvider clock, CatalogCache cache, IImageProcessor images) :
        IQueryHandler<Load, Details?>, ICommandHandler<Save, Outcome>, ICommandHandler<Upload, Outcome>, ICommandHandler<RemoveImage>, ICommandHandler<MoveImage>
    {
        public async ValueTask<Details?> Handle(Load query, CancellationToken ct)
        {
            var p = await db.Products.AsNoTracking().AsSplitQuery()
                .Include(x => x.Variants).Include(x => x.Images).Include(x => x.Categories)
                .SingleOrDefaultAsync(x => x.Id == query.Id, ct);
            if (p is null) return null;
            var form = new ProductForm
            {
                Name = p.Name, Slug = p.Slug, Summary = p.Summary, Description = p.Description, Tags = string.Join(", ", p.Tags),
                SeoTitle = p.SeoTitle, SeoDescription = p.SeoDescription, Brand = p.Brand, IsFeatured = p.IsFeatured, CategoryIds = p.Categories.Select(c => c.Id).ToList(),
            };
            return new Details(form, p.Slug, p.Status.ToString(), p.Version,
                p.Variants.OrderBy(v => v.Position).Select(v => new VariantRow(v.Id, v.Name, v.Sku, v.Price, v.IsArchived, v.TrackStock, v.OnHand, v.Reserved)).ToList(),
                p.Images.OrderBy(i => i.Position).Select(i => new ImageRow(i.Id, i.CardUrl, i.Alt)).ToList());
        }

        public async ValueTask<Outcome> Handle(Save command, CancellationToken ct)
        {
            var product = await db.Products.Include(p => p.Variants).Include(p => p.Categories).SingleOrDefaultAsync(p => p.Id == command.Id, ct);
            if (product is null) return Refusal.NotFound("That product no longer exists.");
            var f = command.Form;
            var slug = string.IsNullOrWhiteSpace(f.Slug) ? Domain.Product.Slugify(f.Name) : f.Slug.Trim();
            var status = Enum.Parse<ProductStatus>(command.Status);
            if (!Domain.Product.IsValidSlug(slug))
                return Refusal.Invalid("Use lowercase letters, digits and single dashes, such as lavender-wheat-bag.", "Product.Slug");
            if (slug != product.Slug && await db.Products.AnyAsync(p => p.Slug == slug, ct))
                return Refusal.Invalid($"Another product already uses the address name \"{slug}\". Choose another.", "Product.Slug");
            if (status == ProductStatus.Active && product.CanActivate() is { } problem)
                return Refusal.Invalid(problem, nameof(Status));

            var before = new { product.Name, product.Slug, Status = product.Status.ToString(), product.IsFeatured };
            var oldSlug = product.Slug;
            db.Entry(product).Property(p => p.Version).OriginalValue = command.Version;
            product.Name = f.Name.Trim();
            product.Slug = slug;
            product.Summary = f.Summary.Trim();
            product.Description = f.Description ?? "";
            product.Tags = f.TagList();
            product.SeoTitle = f.SeoTitle;
            product.SeoDescription = f.SeoDescription;
            product.Brand = f.BrandOrNull();
            product.IsFeatured = f.IsFeatured;
            product.Status = status;
            product.Categories.Clear();
            product.Categories.AddRange(await db.Categories.Where(c => f.CategoryIds.Contains(c.Id)).ToListAsync(ct));
            var now = clock.GetUtcNow();
            product.Refresh(now);
            if (oldSlug != slug) await KeepOldAddressAsync(product.Id, oldSlug, slug, now, ct);
            AuditTrail.Record(db, now, command.ActorId, AuditAreas.Catalog, "product.updated", "Product", product.Id.ToString(), before,
                new { product.Name, product.Slug, Status = product.Status.ToString(), product.IsFeatured });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Refusal.Invalid("Someone else changed this product while you were editing. Reload the page to see their changes, then make yours again.");
            }
            catch (DbUpdateException ex) when (UniqueViolation.Is(ex, out _))
            {
                return Refusal.Invalid("Another product took that address name a moment ago. Choose another.", "Product.Slug");
            }
            await cache.EvictProductsAsync([oldSlug, slug], ct);
            return Outcome.Done;
        }

        /// <summary>
        /// The old page address leads to the product wherever it lives now (the redirect names the product, not a path);
        /// the new address is the product's own page again, so renaming back never leaves a loop.
        /// </summary>
        private async Task KeepOldAddressAsync(Guid productId, string oldSlug, string newSlug, DateTimeOffset now, CancellationToken ct)
        {
            var oldPath = ProductCards.UrlFor(oldSlug);
            var newPath = ProductCards.UrlFor(newSlug);
            var existing = await db.Redirects.Where(r => r.FromPath == oldPath || r.FromPath == newPath).ToListAsync(ct);
            db.Redirects.RemoveRange(existing.Where(r => r.FromPath == newPath));
            if (existing.FirstOrDefault(r => r.FromPath == oldPath) is { } kept)
            {
                kept.ProductId = productId;
                kept.CategoryId = null;
                return;
            }
            db.Redirects.Add(new ProductRedirect { FromPath = oldPath, ProductId = productId, Source = ProductRedirectSources.ProductSlug, CreatedAt = now });
        }

        public async ValueTask<Outcome> Handle(Upload command, CancellationToken ct)
        {
            var product = await db.Products.Include(p => p.Images).SingleOrDefaultAsync(p => p.Id == command.Id, ct);
            if (product is null) return Refusal.NotFound("That product no longer exists.", "picture");
            ProcessedImage processed;
            try
            {
                processed = await images.ProcessAsync(command.Picture, $"catalog/{product.Id:N}", ct);
            }
            catch (InvalidImageException ex)
            {
                return Refusal.Invalid(ex.Message, "picture");
            }
            var image = ProductImages.From(processed, command.Alt, product.Images.Count == 0 ? 0 : product.Images.Max(i => i.Position) + 1);
            image.ProductId = product.Id;
            // Added explicitly: a child with a preset key found only through the navigation would be taken for an existing row.
            db.Images.Add(image);
            var now = clock.GetUtcNow();
            product.UpdatedAt = now;
            AuditTrail.Record(db, now, command.ActorId, AuditAreas.Catalog, "product.image-added", "Product", product.Id.ToString(), after: new { image.Url, image.Alt });
            await db.SaveChangesAsync(ct);
            await cache.EvictProductAsync(product.Slug, ct);
            return Outcome.Done;
        }

        public async ValueTask<Unit> Handle(RemoveImage command, CancellationToken ct)
        {
            var image = await db.Images.SingleOrDefaultAsync(i => i.Id == command.ImageId && i.ProductId == command.Id, ct);
            if (image is null) return Unit.Value;
            db.Images.Remove(image);
            AuditTrail.Record(db, clock.GetUtcNow(), command.ActorId, AuditAreas.Catalog, "product.image-removed", "Product", command.Id.ToString(), before: new { image.Url, image.Alt });
            await db.SaveChangesAsync(ct);
            var slug = await db.Products.Where(p => p.Id == command.Id).Select(p => p.Slug).SingleAsync(ct);
            await cache.EvictProductAsync(slug, ct);
            return Unit.Value;
        }

        public async ValueTask<Unit> Handle(MoveImage command, CancellationToken ct)
        {
            var product = await db.Products.Include(p => p.Images).SingleOrDefaultAsync(p => p.Id == command.Id, ct);
            var ordered = product?.Images.OrderBy(i => i.Position).ToList() ?? [];
            var index = ordered.FindIndex(i => i.Id == command.ImageId);
            var target = command.Earlier ? index - 1 : index + 1;
            if (index < 0 || target < 0 || target >= ordered.Count) return Unit.Value;
            var before = ordered.Select(i => i.Id).ToList();
            (ordered[index], ordered[target]) = (ordered[target], ordered[index]);
            // Renumbered from zero, so positions stay dense whatever earlier removals left behind.
            for (var i = 0; i < ordered.Count; i++) ordered[i].Position = i;
            var now = clock.GetUtcNow();
            product!.UpdatedAt = now;
            AuditTrail.Record(db, now, command.ActorId, AuditAreas.Catalog, "product.images-reordered", "Product", product.Id.ToString(),
                new { Order = before }, new { Order = ordered.Select(i => i.Id).ToList() });
            await db.SaveChangesAsync(ct);
            await cache.EvictProductAsync(product.Slug, ct);
            return Unit.Value;
        }
    }
}
