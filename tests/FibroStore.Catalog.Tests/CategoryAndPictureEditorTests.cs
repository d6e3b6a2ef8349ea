using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using FibroStore.SharedKernel.Data;
using SkiaSharp;

namespace FibroStore.Catalog.Tests;

public sealed partial class CategoryAndPictureEditorTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private const string Categories = "/staff/catalog/categories";

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    private Task<Category?> FindAsync(string slug) =>
        store.InScopeAsync(sp => sp.GetRequiredService<CatalogDbContext>().Categories.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == slug));

    private async Task<List<string>> AuditActionsAsync(string entityId)
    {
        var payloads = await store.InScopeAsync(sp => sp.GetRequiredService<CatalogDbContext>().Set<OutboxMessage>()
            .Where(m => m.Type.Contains("StaffActionAudited")).OrderBy(m => m.OccurredAt).Select(m => m.Payload).ToListAsync());
        return payloads.Where(p => p.Contains(entityId, StringComparison.Ordinal)).ToList();
    }

    private static Task<HttpResponseMessage> CreateAsync(BrowserClient client, string name, string slug = "", Guid? parent = null) =>
        client.PostFormAsync(Categories, new Dictionary<string, string>
        {
            ["Category.Name"] = name, ["Category.Slug"] = slug, ["Category.ParentId"] = parent?.ToString() ?? "",
        });

    private static Task<HttpResponseMessage> SaveAsync(BrowserClient client, Category category, string? name = null, string? slug = null, Guid? parent = null) =>
        client.PostFormAsync($"{Categories}/{category.Id}", new Dictionary<string, string>
        {
            ["Category.Name"] = name ?? category.Name, ["Category.Slug"] = slug ?? category.Slug, ["Category.ParentId"] = parent?.ToString() ?? "",
        }, $"{Categories}/{category.Id}?handler=Save");

    [Fact]
    public async Task Merchandiser_creates_renames_and_moves_a_category_and_each_change_is_audited()
    {
        var (client, userId) = await store.SignInNewUserAsync(StaffRoles.Merchandiser);
        using var _ = client;
        var parentSlug = "comfort-" + Unique();
        var childName = "Heat packs " + Unique();

        Assert.Equal(HttpStatusCode.Redirect, (await CreateAsync(client, "Comfort", parentSlug)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await CreateAsync(client, childName)).StatusCode);
        var parent = await FindAsync(parentSlug);
        var child = await FindAsync(Product.Slugify(childName));
        Assert.NotNull(parent);
        Assert.NotNull(child);
        Assert.Null(child.ParentId);

        var moved = await SaveAsync(client, child, name: "Warm packs", parent: parent.Id);

        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        child = await FindAsync(child.Slug);
        Assert.Equal("Warm packs", child!.Name);
        Assert.Equal(parent.Id, child.ParentId);
        var list = await client.GetPageAsync(Categories);
        Assert.Matches($"class=\"depth-1\">[^<]*<a href=\"/staff/catalog/categories/{child.Id}\">Warm packs</a>", list);
        var audits = await AuditActionsAsync(child.Id.ToString());
        Assert.Contains(audits, a => a.Contains("category.created", StringComparison.Ordinal) && a.Contains(userId, StringComparison.Ordinal));
        Assert.Contains(audits, a => a.Contains("category.moved", StringComparison.Ordinal));
        using var shopper = store.CreateBrowserClient();
        Assert.Contains("Warm packs", await shopper.GetPageAsync("/shop/category/" + child.Slug), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_category_cannot_move_inside_itself_or_its_own_subcategory()
    {
        var (client, _) = await store.SignInNewUserAsync(StaffRoles.Merchandiser);
        using var _ = client;
        var top = "top-" + Unique();
        var middle = "middle-" + Unique();
        await store.AddCategoryAsync(top, "Top");
        await store.AddCategoryAsync(middle, "Middle", top);
        var topCategory = (await FindAsync(top))!;
        var middleCategory = (await FindAsync(middle))!;

        var intoChild = await SaveAsync(client, topCategory, parent: middleCategory.Id);
        var intoItself = await SaveAsync(client, topCategory, parent: topCategory.Id);

        Assert.Equal(HttpStatusCode.BadRequest, intoChild.StatusCode);
        Assert.Contains("cannot go inside itself or inside one of its own subcategories", await intoChild.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, intoItself.StatusCode);
        Assert.Null((await FindAsync(top))!.ParentId);
    }

    [Fact]
    public async Task Two_staff_moving_categories_under_each_other_at_once_never_make_a_cycle()
    {
        var a = "race-a-" + Unique();
        var b = "race-b-" + Unique();
        await store.AddCategoryAsync(a, "Race A");
        await store.AddCategoryAsync(b, "Race B");
        var categoryA = (await FindAsync(a))!;
        var categoryB = (await FindAsync(b))!;
        var (first, _) = await store.SignInNewUserAsync(StaffRoles.Merchandiser);
        var (second, _) = await store.SignInNewUserAsync(StaffRoles.Merchandiser);
        using var __ = first;
        using var ___ = second;

        var results = await Task.WhenAll(SaveAsync(first, categoryA, parent: categoryB.Id), SaveAsync(second, categoryB, parent: categoryA.Id));

        Assert.Single(results, r => r.StatusCode == HttpStatusCode.Redirect);
        var afterA = (await FindAsync(a))!;
        var afterB = (await FindAsync(b))!;
        Assert.False(afterA.ParentId == afterB.Id && afterB.ParentId == afterA.Id);
    }

    [Fact]
    public async Task Duplicate_category_slugs_are_refused()
    {
        var (client, _) = await store.SignInNewUserAsync(StaffRoles.Merchandiser);
        using var _ = client;
        var slug = "sleep-" + Unique();
        await store.AddCategoryAsync(slug, "Sleep");
        var other = "rest-" + Unique();
        await store.AddCategoryAsync(other, "Rest");

        var created = await CreateAsync(client, "Sleep again", slug);
        var renamed = await SaveAsync(client, (await FindAsync(other))!, slug: slug);

        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Contains("Another category already uses the address name", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, renamed.StatusCode);
        Assert.NotNull(await FindAsync(other));
    }

    [Fact]
    public async Task Only_an_empty_category_can_be_deleted()
    {
        var (client, _) = await store.SignInNewUserAsync(StaffRoles.Merchandiser);
        using var _ = client;
        var withProduct = "full-" + Unique();
        var withChild = "parent-" + Unique();
        var empty = "empty-" + Unique();
        await store.AddCategoryAsync(withProduct, "Full");
        await store.AddCategoryAsync(withChild, "Parent");
        await store.AddCategoryAsync("child-" + Unique(), "Child", withChild);
        await store.AddCategoryAsync(empty, "Empty");
        await store.AddProductAsync("Filed product", ProductStatus.Active, withProduct);

        async Task<HttpResponseMessage> DeleteAsync(string slug)
        {
            var id = (await FindAsync(slug))!.Id;
            return await client.PostFormAsync($"{Categories}/{id}", new Dictionary<string, string>(), $"{Categories}/{id}?handler=Delete");
        }

        var refusedProducts = await DeleteAsync(withProduct);
        var refusedChildren = await DeleteAsync(withChild);
        var deleted = await DeleteAsync(empty);

        Assert.Equal(HttpStatusCode.BadRequest, refusedProducts.StatusCode);
        Assert.Contains("Take its products out of it first", await refusedProducts.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, refusedChildren.StatusCode);
        Assert.Contains("Move or delete its subcategories first", await refusedChildren.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Null(await FindAsync(empty));
        Assert.NotNull(await FindAsync(withProduct));
        Assert.NotNull(await FindAsync(withChild));
    }

    [Fact]
    public async Task Pictures_move_earlier_and_later_the_first_one_leads_the_card_and_each_move_is_audited()
    {
        var (client, _) = await store.SignInNewUserAsync(StaffRoles.Merchandiser);
        using var _ = client;
        var product = await store.AddProductAsync("Pictured heat pack " + Unique());
        var editUrl = $"/staff/catalog/products/{product.Id}";
        foreach (var (alt, colour) in new[] { ("A red pack", SKColors.Red), ("A blue pack", SKColors.Blue), ("A green pack", SKColors.Green) })
            Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(client, editUrl, Png(colour), alt)).StatusCode);

        async Task<HttpResponseMessage> MoveAsync(string alt, bool earlier)
        {
            var id = await store.InScopeAsync(sp => sp.GetRequiredService<CatalogDbContext>().Images.Where(i => i.ProductId == product.Id && i.Alt == alt).Select(i => i.Id).SingleAsync());
            return await client.PostFormAsync(editUrl, new Dictionary<string, string> { ["imageId"] = id.ToString(), ["earlier"] = earlier ? "true" : "false" }, editUrl + "?handler=MoveImage");
        }

        Assert.Equal(HttpStatusCode.Redirect, (await MoveAsync("A green pack", earlier: true)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await MoveAsync("A green pack", earlier: true)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await MoveAsync("A red pack", earlier: false)).StatusCode);
        // Moving the first picture earlier is a harmless no-op.
        Assert.Equal(HttpStatusCode.Redirect, (await MoveAsync("A green pack", earlier: true)).StatusCode);

        var order = await store.InScopeAsync(sp => sp.GetRequiredService<CatalogDbContext>().Images
            .Where(i => i.ProductId == product.Id).OrderBy(i => i.Position).Select(i => i.Alt).ToListAsync());
        Assert.Equal(["A green pack", "A blue pack", "A red pack"], order);
        var page = await client.GetPageAsync(editUrl);
        Assert.True(page.IndexOf("alt=\"A green pack\"", StringComparison.Ordinal) < page.IndexOf("alt=\"A red pack\"", StringComparison.Ordinal));
        Assert.Contains("Move picture 2 earlier", page, StringComparison.Ordinal);
        Assert.Equal(3, (await AuditActionsAsync(product.Id.ToString())).Count(a => a.Contains("product.images-reordered", StringComparison.Ordinal)));
        var cards = await store.InScopeAsync(sp => sp.GetRequiredService<CatalogDbContext>().Images
            .Where(i => i.ProductId == product.Id).ToDictionaryAsync(i => i.Alt, i => i.CardUrl));
        using var shopper = store.CreateBrowserClient();
        var shop = await shopper.GetPageAsync("/shop");
        Assert.Contains(cards["A green pack"], shop, StringComparison.Ordinal);
        Assert.DoesNotContain(cards["A red pack"], shop, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> UploadAsync(BrowserClient client, string editUrl, byte[] bytes, string alt)
    {
        var page = await client.GetPageAsync(editUrl);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "picture", "picture.png");
        form.Add(new StringContent(alt), "alt");
        form.Add(new StringContent(WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value)), "__RequestVerificationToken");
        return await client.Http.PostAsync(editUrl + "?handler=Upload", form);
    }

    private static byte[] Png(SKColor colour)
    {
        using var bitmap = new SKBitmap(64, 64);
        bitmap.Erase(colour);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
