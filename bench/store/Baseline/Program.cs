using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;

// The baseline of bench/store/run.sh: what ASP.NET Core and plain Npgsql do with the store's reads. Each page reads
// the same rows from the same database as the store's page (the same tables, filters, sort and page size; for
// search the store's own SQL, copied from its query log), on one pooled connection, one statement after another,
// and writes its HTML by hand. No cache, no layout engine, no ORM, no per-request work beyond the page's own reads.
// The store renders a product's Markdown description on every request; here it is only encoded.
//   GET  /fixed/{bytes}        fixed bytes of that length (what a cached page costs at best)
//   GET  /home                 six newest articles with their reply counts, four featured product cards
//   GET  /articles/{slug}      article, category, tags, its product cards, approved replies (threaded), three
//                              related articles, previous and next
//   GET  /products/{slug}      product, images, variants with stock, categories (breadcrumbs), four related cards,
//                              five articles that mention it
//   GET  /shop/category/{slug} the category grid: same filters (?instock=true, ?min, ?max), sorts (?sort=) and page
//                              size (24) as the store, with the total count and the category list
//   GET  /search?q=            the store's product search and article search, 20 each
//   GET  /cart                 the cart of the fs_cart cookie with its lines' variants and the shipping options
//   POST /cart/add             reads the variant, inserts a cart and its line, sets fs_cart, answers 302 to /cart
//   GET  /session/state        the number of items in the fs_cart cookie's cart, and a form token, as JSON
//   POST /import               a WordPress export as the multipart field "Export": streamed and written with COPY
//                              (Import.cs; the baseline of bench/import/run.sh)
//   GET  /orders.csv           the store's orders CSV, row by row (OrdersCsv.cs; the baseline of bench/export/run.sh)
// Env: ConnectionStrings__Store; listens where --urls says.
var builder = WebApplication.CreateBuilder(args);
// The store takes exports up to 512 MB; Kestrel's default limit is 30 MB.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 512L * 1024 * 1024);
builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(form => form.MultipartBodyLengthLimit = 512L * 1024 * 1024);
var connectionString = builder.Configuration.GetConnectionString("Store")
    ?? throw new InvalidOperationException("ConnectionStrings__Store is required");
var dataSource = NpgsqlDataSource.Create(connectionString);
builder.Services.AddSingleton(dataSource);
var app = builder.Build();

// The pool's minimum is opened at once and kept (the bench sets minimum = maximum), so the baseline holds the same
// connections all through the run and never takes a slot the store could use.
var minimum = new NpgsqlConnectionStringBuilder(connectionString).MinPoolSize;
var opened = await Task.WhenAll(Enumerable.Range(0, minimum).Select(_ => dataSource.OpenConnectionAsync().AsTask()));
foreach (var connection in opened) await connection.DisposeAsync();

app.MapGet("/fixed/{bytes:int}", (int bytes) => Results.Bytes(Fixed.Of(bytes), "text/html; charset=utf-8"));
app.MapGet("/home", async (NpgsqlDataSource db, CancellationToken ct) => Html(await Pages.HomeAsync(db, ct)));
app.MapGet("/articles/{slug}", async (string slug, NpgsqlDataSource db, CancellationToken ct) => Html(await Pages.ArticleAsync(db, slug, ct)));
app.MapGet("/products/{slug}", async (string slug, NpgsqlDataSource db, CancellationToken ct) => Html(await Pages.ProductAsync(db, slug, ct)));
app.MapGet("/shop/category/{slug}", async (string slug, HttpRequest request, NpgsqlDataSource db, CancellationToken ct) =>
    Html(await Pages.ShopAsync(db, slug, request.Query, ct)));
app.MapGet("/search", async (string? q, NpgsqlDataSource db, CancellationToken ct) => Html(await Pages.SearchAsync(db, q ?? "", ct)));
app.MapGet("/cart", async (HttpRequest request, NpgsqlDataSource db, CancellationToken ct) =>
    Html(await Pages.CartAsync(db, Carts.Id(request), ct)));
app.MapPost("/cart/add", async (HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
{
    var form = await http.Request.ReadFormAsync(ct);
    if (!Guid.TryParse(form["variantId"], out var variantId) || !int.TryParse(form["quantity"], out var quantity) || quantity is < 1 or > 20)
        return Results.BadRequest();
    var cartId = await Carts.AddToNewCartAsync(db, variantId, quantity, ct);
    if (cartId is null) return Results.NotFound();
    http.Response.Cookies.Append(Carts.Cookie, cartId.Value.ToString("N"), new CookieOptions
    {
        HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(30),
    });
    return Results.Redirect("/cart");
});

app.MapGet("/session/state", async (HttpRequest request, NpgsqlDataSource db, CancellationToken ct) =>
{
    var items = 0;
    if (Carts.Id(request) is { } cartId)
    {
        await using var command = db.CreateCommand("""
            SELECT coalesce(sum(l.quantity), 0)::int FROM ordering.carts c JOIN ordering.cart_lines l ON l.cart_id = c.id
            WHERE c.id = $1 AND c.customer_id IS NULL
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = cartId });
        items = (int)(await command.ExecuteScalarAsync(ct))!;
    }
    // A token of the store's length: random bytes, as an anti-forgery token is.
    var token = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(118));
    return Results.Json(new { signedIn = false, name = (string?)null, isStaff = false, cartCount = items,
        antiforgery = new { field = "__RequestVerificationToken", token } });
});

app.MapPost("/import", async (HttpRequest request, NpgsqlDataSource db, CancellationToken ct) =>
{
    var form = await request.ReadFormAsync(ct);
    if (form.Files.GetFile("Export") is not { } file) return Results.BadRequest();
    await using var export = file.OpenReadStream();
    var (posts, comments) = await Import.RunAsync(db, export, ct);
    return Results.Text($"{posts} posts, {comments} comments");
});

app.MapGet("/orders.csv", async (HttpResponse response, NpgsqlDataSource db, CancellationToken ct) =>
{
    response.ContentType = "text/csv; charset=utf-8";
    await OrdersCsv.WriteAsync(db, response.Body, ct);
});

app.Run();

static IResult Html(string? page) => page is null ? Results.NotFound() : Results.Content(page, "text/html; charset=utf-8");

internal static class Fixed
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, byte[]> Bodies = new();

    public static byte[] Of(int bytes) => Bodies.GetOrAdd(Math.Clamp(bytes, 0, 1 << 20), n =>
    {
        var body = new byte[n];
        body.AsSpan().Fill((byte)'x');
        return body;
    });
}

/// <summary>A product card as the store's grids show it: first image, price (and the was-price), stock in words.</summary>
internal sealed record Card(string Slug, string Name, string Summary, decimal Price, decimal? WasPrice, string? Image, string? Alt, string Stock);

internal static class Cards
{
    // The card's columns; the query adds FROM catalog.products p and its own WHERE and ORDER BY.
    public const string Select = """
        SELECT p.slug, p.name, p.summary, p.min_price,
               (SELECT v.compare_at_price FROM catalog.variants v
                WHERE v.product_id = p.id AND NOT v.is_archived AND v.price = p.min_price LIMIT 1),
               (SELECT i.card_url FROM catalog.product_images i WHERE i.product_id = p.id ORDER BY i.position LIMIT 1),
               (SELECT i.alt FROM catalog.product_images i WHERE i.product_id = p.id ORDER BY i.position LIMIT 1),
               (SELECT bool_or(NOT v.track_stock OR v.allow_backorder) FROM catalog.variants v WHERE v.product_id = p.id AND NOT v.is_archived),
               (SELECT sum(greatest(v.on_hand - v.reserved, 0))::int FROM catalog.variants v WHERE v.product_id = p.id AND NOT v.is_archived),
               (SELECT min(v.low_stock_threshold) FROM catalog.variants v WHERE v.product_id = p.id AND NOT v.is_archived)
        FROM catalog.products p
        """ + "\n";

    public static async Task<List<Card>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var cards = new List<Card>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var unlimited = !reader.IsDBNull(7) && reader.GetBoolean(7);
            var available = reader.IsDBNull(8) ? 0 : reader.GetInt32(8);
            var low = reader.IsDBNull(9) ? 0 : reader.GetInt32(9);
            cards.Add(new Card(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDecimal(3),
                reader.IsDBNull(4) ? null : reader.GetDecimal(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), Stock.Words(unlimited, available, low)));
        }
        return cards;
    }

    public static void Write(StringBuilder html, IEnumerable<Card> cards)
    {
        html.Append("<ul class=\"product-grid\">");
        foreach (var c in cards)
        {
            html.Append("<li><article class=\"product-card\">");
            if (c.Image is not null) html.Append("<img src=\"").Append(E(c.Image)).Append("\" alt=\"").Append(E(c.Alt)).Append("\" width=\"400\" height=\"400\" loading=\"lazy\">");
            html.Append("<h3><a href=\"/products/").Append(E(c.Slug)).Append("\">").Append(E(c.Name)).Append("</a></h3><p>").Append(E(c.Summary))
                .Append("</p><p class=\"product-price\">").Append(Money(c.Price));
            if (c.WasPrice is { } was) html.Append(" <s>").Append(Money(was)).Append("</s>");
            html.Append("</p><p class=\"meta\">").Append(c.Stock).Append("</p></article></li>");
        }
        html.Append("</ul>");
    }

    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Money(decimal amount) => "$" + amount.ToString("#,0.00", CultureInfo.InvariantCulture);
}

internal static class Stock
{
    public static string Words(bool unlimited, int available, int lowThreshold) =>
        unlimited ? "In stock" : available <= 0 ? "Out of stock" : available <= lowThreshold ? $"Only {available} left" : "In stock";
}

internal static class Layout
{
    private const string Head = """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="stylesheet" href="/css/site.css"><script src="/js/site.js" defer></script><title>
        """;

    private const string Header = """
        </title></head><body><a class="skip-link" href="#main">Skip to content</a><header class="site-header"><div class="wrap header-row">
        <a class="brand" href="/">FibroStore</a><nav aria-label="Main"><ul class="nav-list"><li><a href="/articles">Articles</a></li>
        <li><a href="/shop">Shop</a></li><li><a href="/contact">Contact</a></li></ul></nav>
        <form class="search-form" method="get" action="/search" role="search"><label for="site-search" class="visually-hidden">Search articles and products</label>
        <input id="site-search" name="q" type="search" maxlength="200"><button type="submit">Search</button></form>
        <ul class="nav-list account-links"><li><a href="/Identity/Account/Login">Sign in</a></li><li><a href="/cart">Cart</a></li></ul></div></header>
        <main id="main" tabindex="-1" class="wrap">
        """;

    private const string Footer = """
        </main><footer class="site-footer"><div class="wrap"><section class="subscribe-box"><h2>Subscribe</h2>
        <form method="post" action="/subscribe"><label for="subscribe-email">Email address</label><input id="subscribe-email" name="Email" type="email" required maxlength="254">
        <button type="submit">Subscribe</button></form></section><nav aria-label="Footer"><ul class="nav-list"><li><a href="/pages/privacy">Privacy</a></li>
        <li><a href="/pages/terms">Terms</a></li><li><a href="/pages/shipping">Shipping</a></li><li><a href="/pages/returns">Returns</a></li></ul></nav></div></footer></body></html>
        """;

    public static StringBuilder Begin(string title) => new StringBuilder(16 * 1024).Append(Head).Append(Cards.E(title)).Append(Header);

    public static string End(StringBuilder html) => html.Append(Footer).ToString();
}

internal static class Pages
{
    private static string E(string? text) => Cards.E(text);

    private static string Day(DateTimeOffset at) => at.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    private static NpgsqlCommand Sql(NpgsqlConnection connection, string sql, params object[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }

    private const string ArticleSummary = """
        SELECT a.title, a.slug, a.excerpt, c.name, c.slug, a.published_at, a.reading_minutes,
               (SELECT count(*)::int FROM editorial.replies r WHERE r.article_id = a.id AND r.status = 'Approved')
        FROM editorial.articles a JOIN editorial.categories c ON c.id = a.category_id
        """ + "\n";

    private static async Task WriteArticleListAsync(StringBuilder html, NpgsqlCommand command, CancellationToken ct)
    {
        html.Append("<ul class=\"article-list\">");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            html.Append("<li><article class=\"article-card\"><h3><a href=\"/articles/").Append(E(reader.GetString(1))).Append("\">")
                .Append(E(reader.GetString(0))).Append("</a></h3><p class=\"meta\"><a href=\"/articles/category/").Append(E(reader.GetString(4)))
                .Append("\">").Append(E(reader.GetString(3))).Append("</a> · <time>").Append(Day(reader.GetFieldValue<DateTimeOffset>(5)))
                .Append("</time> · ").Append(reader.GetInt32(6)).Append(" min read · ").Append(reader.GetInt32(7)).Append(" replies</p><p>")
                .Append(E(reader.GetString(2))).Append("</p></article></li>");
        }
        html.Append("</ul>");
    }

    public static async Task<string?> HomeAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var html = Layout.Begin("FibroStore").Append("<h1>Living well with fibromyalgia</h1><h2>Newest articles</h2>");
        await using (var newest = Sql(connection, ArticleSummary + " WHERE a.status = 'Published' ORDER BY a.published_at DESC LIMIT 6"))
            await WriteArticleListAsync(html, newest, ct);
        await using (var featured = Sql(connection, Cards.Select + " WHERE p.status = 'Active' AND p.is_featured ORDER BY p.updated_at DESC, p.id LIMIT 4"))
            Cards.Write(html.Append("<h2>From the shop</h2>"), await Cards.ReadAsync(featured, ct));
        return Layout.End(html);
    }

    public static async Task<string?> ArticleAsync(NpgsqlDataSource db, string slug, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        Guid id;
        string title, excerpt, categoryName, categorySlug, author, authorSlug, body, toc, references, reviewedBy;
        DateTimeOffset publishedAt;
        DateOnly? reviewed;
        int minutes;
        bool disclaimer;
        string[] tagNames, tagSlugs, productSlugs;
        await using (var command = Sql(connection, """
            SELECT a.id, a.title, a.excerpt, c.name, c.slug, a.author_name, a.author_slug, a.published_at, a.last_reviewed_on,
                   coalesce(a.reviewed_by, ''), a.reading_minutes, a.body_html, a.toc_json::text, a.references_html, a.show_disclaimer,
                   a.product_slugs, a.seo_title, a.seo_description, a.image_url, a.image_alt, a.updated_at, a.replies_closed,
                   ARRAY(SELECT t.name FROM editorial.article_tags at JOIN editorial.tags t ON t.id = at.tags_id WHERE at.articles_id = a.id ORDER BY t.name),
                   ARRAY(SELECT t.slug FROM editorial.article_tags at JOIN editorial.tags t ON t.id = at.tags_id WHERE at.articles_id = a.id ORDER BY t.name)
            FROM editorial.articles a JOIN editorial.categories c ON c.id = a.category_id
            WHERE a.status = 'Published' AND a.slug = $1
            """, slug))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct)) return null;
            (id, title, excerpt, categoryName, categorySlug, author, authorSlug) = (reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
                reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6));
            publishedAt = reader.GetFieldValue<DateTimeOffset>(7);
            reviewed = reader.IsDBNull(8) ? null : reader.GetFieldValue<DateOnly>(8);
            (reviewedBy, minutes, body, toc, references, disclaimer) = (reader.GetString(9), reader.GetInt32(10), reader.GetString(11),
                reader.GetString(12), reader.GetString(13), reader.GetBoolean(14));
            productSlugs = reader.GetFieldValue<string[]>(15);
            tagNames = reader.GetFieldValue<string[]>(22);
            tagSlugs = reader.GetFieldValue<string[]>(23);
        }

        List<Card> cards;
        await using (var command = Sql(connection, Cards.Select + " WHERE p.status = 'Active' AND p.slug = ANY($1)", (object)productSlugs))
            cards = await Cards.ReadAsync(command, ct);

        var replies = new List<(Guid Id, Guid? Parent, string Author, string? Website, string Html, DateTimeOffset At)>();
        await using (var command = Sql(connection, """
            SELECT r.id, r.parent_id, r.author_name, r.website, r.body_html, r.created_at
            FROM editorial.replies r WHERE r.article_id = $1 AND r.status = 'Approved' ORDER BY r.created_at
            """, id))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                replies.Add((reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        var html = Layout.Begin(title);
        html.Append("<nav aria-label=\"Breadcrumb\" class=\"breadcrumb\"><ol><li><a href=\"/\">Home</a></li><li><a href=\"/articles\">Articles</a></li><li><a href=\"/articles/category/")
            .Append(E(categorySlug)).Append("\">").Append(E(categoryName)).Append("</a></li><li aria-current=\"page\">").Append(E(title)).Append("</li></ol></nav>")
            .Append("<article class=\"article\"><header class=\"article-header\"><h1>").Append(E(title)).Append("</h1><p class=\"meta\">Posted in <a href=\"/articles/category/")
            .Append(E(categorySlug)).Append("\">").Append(E(categoryName)).Append("</a> by <a href=\"/articles/author/").Append(E(authorSlug)).Append("\">").Append(E(author))
            .Append("</a> on <time>").Append(Day(publishedAt)).Append("</time> · ").Append(minutes).Append(" min read</p>");
        if (reviewed is { } on)
            html.Append("<p class=\"meta\">Last reviewed <time>").Append(on.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)).Append("</time> by ").Append(E(reviewedBy)).Append(".</p>");
        html.Append("<p>").Append(E(excerpt)).Append("</p></header><nav class=\"toc\"><h2>Contents</h2><ol>");
        using (var entries = JsonDocument.Parse(toc))
        {
            foreach (var entry in entries.RootElement.EnumerateArray())
                html.Append("<li><a href=\"#").Append(E(entry.GetProperty("Id").GetString())).Append("\">").Append(E(entry.GetProperty("Text").GetString())).Append("</a></li>");
        }
        html.Append("</ol></nav><div class=\"prose article-body\">");
        // Each stored product marker becomes its live card, as on the store's page.
        foreach (var card in cards)
        {
            var one = new StringBuilder();
            Cards.Write(one, [card]);
            body = body.Replace($"<p>[[product:{card.Slug}]]</p>", one.ToString(), StringComparison.Ordinal);
        }
        html.Append(body).Append("</div>");
        if (disclaimer)
            html.Append("<aside class=\"disclaimer\"><h2>Please note</h2><p>This article shares general information. It is not medical advice.</p></aside>");
        html.Append("<section class=\"references-section\"><h2>References</h2>").Append(references).Append("</section><p class=\"tags\">Tags:");
        for (var i = 0; i < tagNames.Length; i++)
            html.Append(" <a class=\"tag\" href=\"/articles/tag/").Append(E(tagSlugs[i])).Append("\">").Append(E(tagNames[i])).Append("</a>");
        html.Append("</p></article>");

        html.Append("<section class=\"replies\"><h2>").Append(replies.Count).Append(" replies</h2>");
        var children = replies.Where(r => r.Parent is not null).ToLookup(r => r.Parent!.Value);
        var shown = replies.Select(r => r.Id).ToHashSet();
        void WriteReplies(IEnumerable<(Guid Id, Guid? Parent, string Author, string? Website, string Html, DateTimeOffset At)> level)
        {
            html.Append("<ol class=\"reply-list\">");
            foreach (var r in level)
            {
                html.Append("<li id=\"reply-").Append(r.Id).Append("\"><article class=\"reply\"><p class=\"meta\">").Append(E(r.Author)).Append(" · <time>")
                    .Append(Day(r.At)).Append("</time></p>").Append(r.Html).Append("</article>");
                if (children.Contains(r.Id)) WriteReplies(children[r.Id]);
                html.Append("</li>");
            }
            html.Append("</ol>");
        }
        WriteReplies(replies.Where(r => r.Parent is null || !shown.Contains(r.Parent.Value)));
        html.Append("</section>");

        await using (var related = Sql(connection, ArticleSummary + """
             WHERE a.status = 'Published' AND a.id <> $1 AND (c.slug = $2 OR EXISTS (
                SELECT 1 FROM editorial.article_tags at JOIN editorial.tags t ON t.id = at.tags_id
                WHERE at.articles_id = a.id AND t.slug = ANY($3)))
             ORDER BY a.published_at DESC LIMIT 3
             """, id, categorySlug, tagSlugs))
            await WriteArticleListAsync(html.Append("<section class=\"related\"><h2>Related articles</h2>"), related, ct);
        html.Append("</section><nav class=\"prev-next\" aria-label=\"More articles\">");
        foreach (var (sql, rel) in new[]
                 {
                     ("SELECT a.title, a.slug FROM editorial.articles a WHERE a.status = 'Published' AND a.published_at < $1 ORDER BY a.published_at DESC LIMIT 1", "prev"),
                     ("SELECT a.title, a.slug FROM editorial.articles a WHERE a.status = 'Published' AND a.published_at > $1 ORDER BY a.published_at LIMIT 1", "next"),
                 })
        {
            await using var command = Sql(connection, sql, publishedAt);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
                html.Append(" <a rel=\"").Append(rel).Append("\" href=\"/articles/").Append(E(reader.GetString(1))).Append("\">").Append(E(reader.GetString(0))).Append("</a>");
        }
        html.Append("</nav><section class=\"reply-form\"><h2>Leave a reply</h2><form method=\"post\"><label for=\"name\">Name</label><input id=\"name\" name=\"Input.Name\">")
            .Append("<label for=\"email\">Email</label><input id=\"email\" name=\"Input.Email\" type=\"email\"><label for=\"comment\">Comment</label>")
            .Append("<textarea id=\"comment\" name=\"Input.Comment\"></textarea><button type=\"submit\">Send reply</button></form></section>");
        return Layout.End(html);
    }

    private sealed record Category(Guid Id, string Name, string Slug, string Description, Guid? Parent);

    private static async Task<List<Category>> CategoriesAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var categories = new List<Category>();
        await using var command = Sql(connection, "SELECT c.id, c.name, c.slug, c.description, c.parent_id FROM catalog.categories c ORDER BY c.position, c.name");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            categories.Add(new Category(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetGuid(4)));
        return categories;
    }

    private static void WriteBreadcrumbs(StringBuilder html, List<Category> categories, Category? category, string? last)
    {
        var trail = new List<Category>();
        for (var c = category; c is not null; c = c.Parent is { } parent ? categories.Find(x => x.Id == parent) : null) trail.Insert(0, c);
        html.Append("<nav aria-label=\"Breadcrumb\" class=\"breadcrumb\"><ol><li><a href=\"/shop\">Shop</a></li>");
        foreach (var c in trail) html.Append("<li><a href=\"/shop/category/").Append(E(c.Slug)).Append("\">").Append(E(c.Name)).Append("</a></li>");
        if (last is not null) html.Append("<li aria-current=\"page\">").Append(E(last)).Append("</li>");
        html.Append("</ol></nav>");
    }

    public static async Task<string?> ProductAsync(NpgsqlDataSource db, string slug, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        Guid id;
        string name, summary, description;
        await using (var command = Sql(connection, """
            SELECT p.id, p.name, p.summary, p.description, p.seo_title, p.seo_description
            FROM catalog.products p WHERE p.slug = $1 AND p.status = 'Active'
            """, slug))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct)) return null;
            (id, name, summary, description) = (reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
        }

        var html = Layout.Begin(name);
        var images = new StringBuilder();
        await using (var command = Sql(connection, "SELECT i.url, i.src_set, i.alt, i.width, i.height FROM catalog.product_images i WHERE i.product_id = $1 ORDER BY i.position", id))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                images.Append("<img src=\"").Append(E(reader.GetString(0))).Append("\" srcset=\"").Append(E(reader.GetString(1))).Append("\" alt=\"")
                    .Append(E(reader.GetString(2))).Append("\" width=\"").Append(reader.GetInt32(3)).Append("\" height=\"").Append(reader.GetInt32(4)).Append("\">");
        }

        var options = new StringBuilder();
        await using (var command = Sql(connection, """
            SELECT v.id, v.name, v.sku, v.price, v.compare_at_price, v.track_stock, v.allow_backorder, v.on_hand, v.reserved, v.low_stock_threshold
            FROM catalog.variants v WHERE v.product_id = $1 AND NOT v.is_archived ORDER BY v.position, v.price
            """, id))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var unlimited = !reader.GetBoolean(5) || reader.GetBoolean(6);
                options.Append("<li><label><input type=\"radio\" name=\"variantId\" value=\"").Append(reader.GetGuid(0)).Append("\"> ").Append(E(reader.GetString(1)))
                    .Append(" (").Append(E(reader.GetString(2))).Append(") ").Append(Cards.Money(reader.GetDecimal(3)));
                if (!reader.IsDBNull(4)) options.Append(" <s>").Append(Cards.Money(reader.GetDecimal(4))).Append("</s>");
                options.Append(" · ").Append(Stock.Words(unlimited, reader.GetInt32(7) - reader.GetInt32(8), reader.GetInt32(9))).Append("</label></li>");
            }
        }

        var categoryIds = new List<Guid>();
        await using (var command = Sql(connection, "SELECT pc.categories_id FROM catalog.product_categories pc WHERE pc.products_id = $1", id))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) categoryIds.Add(reader.GetGuid(0));
        }
        var categories = await CategoriesAsync(connection, ct);
        WriteBreadcrumbs(html, categories, categories.Find(c => categoryIds.Contains(c.Id)), name);

        html.Append("<article class=\"product\"><div class=\"gallery\">").Append(images).Append("</div><h1>").Append(E(name)).Append("</h1><p>").Append(E(summary))
            .Append("</p><form method=\"post\" action=\"/cart/add\"><fieldset><legend>Choose an option</legend><ul>").Append(options)
            .Append("</ul></fieldset><label for=\"quantity\">Quantity</label><input id=\"quantity\" name=\"quantity\" type=\"number\" value=\"1\" min=\"1\" max=\"20\">")
            .Append("<button type=\"submit\">Add to cart</button></form><div class=\"prose\"><p>").Append(E(description)).Append("</p></div></article>");

        await using (var related = Sql(connection, Cards.Select + """
             WHERE p.status = 'Active' AND p.id <> $1
               AND EXISTS (SELECT 1 FROM catalog.product_categories pc WHERE pc.products_id = p.id AND pc.categories_id = ANY($2))
             ORDER BY (SELECT coalesce(sum(v.units_sold), 0) FROM catalog.variants v WHERE v.product_id = p.id) DESC, p.name
             LIMIT 4
             """, id, categoryIds.ToArray()))
            Cards.Write(html.Append("<section class=\"related\"><h2>You may also like</h2>"), await Cards.ReadAsync(related, ct));
        html.Append("</section><section><h2>Read about it</h2><ul>");
        await using (var command = Sql(connection, """
            SELECT a.title, a.slug FROM editorial.articles a
            WHERE a.status = 'Published' AND a.product_slugs @> ARRAY[$1]::text[] ORDER BY a.published_at DESC LIMIT 5
            """, slug))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                html.Append("<li><a href=\"/articles/").Append(E(reader.GetString(1))).Append("\">").Append(E(reader.GetString(0))).Append("</a></li>");
        }
        html.Append("</ul></section>");
        return Layout.End(html);
    }

    private const int PageSize = 24;

    public static async Task<string?> ShopAsync(NpgsqlDataSource db, string slug, IQueryCollection query, CancellationToken ct)
    {
        var order = query["sort"].ToString() switch
        {
            "price-asc" => "p.min_price, p.name, p.id",
            "price-desc" => "p.min_price DESC, p.name, p.id",
            "name" => "p.name, p.id",
            "best-selling" => "(SELECT coalesce(sum(v.units_sold), 0) FROM catalog.variants v WHERE v.product_id = p.id) DESC, p.name, p.id",
            _ => "p.created_at DESC, p.id",
        };
        var inStock = query["instock"] == "true";
        decimal? min = decimal.TryParse(query["min"], CultureInfo.InvariantCulture, out var a) ? a : null;
        decimal? max = decimal.TryParse(query["max"], CultureInfo.InvariantCulture, out var b) ? b : null;
        var page = int.TryParse(query["p"], out var p) && p > 0 ? p : 1;

        await using var connection = await db.OpenConnectionAsync(ct);
        var categories = await CategoriesAsync(connection, ct);
        var category = categories.Find(c => c.Slug == slug);
        if (category is null) return null;
        // The category and everything under it, as the store lists it.
        var ids = new List<Guid> { category.Id };
        for (var i = 0; i < ids.Count; i++) ids.AddRange(categories.Where(c => c.Parent == ids[i]).Select(c => c.Id));

        var where = new StringBuilder("""
             WHERE p.status = 'Active'
               AND EXISTS (SELECT 1 FROM catalog.product_categories pc WHERE pc.products_id = p.id AND pc.categories_id = ANY($1))
            """);
        var values = new List<object> { ids.ToArray() };
        if (min is { } low) { values.Add(low); where.Append(" AND p.min_price >= $").Append(values.Count); }
        if (max is { } high) { values.Add(high); where.Append(" AND p.min_price <= $").Append(values.Count); }
        if (inStock)
            where.Append(" AND EXISTS (SELECT 1 FROM catalog.variants v WHERE v.product_id = p.id AND NOT v.is_archived AND (NOT v.track_stock OR v.on_hand - v.reserved > 0))");
        int total;
        await using (var count = Sql(connection, "SELECT count(*)::int FROM catalog.products p" + where, [.. values]))
            total = (int)(await count.ExecuteScalarAsync(ct))!;
        List<Card> cards;
        await using (var command = Sql(connection, Cards.Select + where + $" ORDER BY {order} LIMIT {PageSize} OFFSET {(page - 1) * PageSize}", [.. values]))
            cards = await Cards.ReadAsync(command, ct);

        var html = Layout.Begin(category.Name);
        WriteBreadcrumbs(html, categories, category, null);
        html.Append("<h1>").Append(E(category.Name)).Append("</h1><p>").Append(E(category.Description)).Append("</p><nav aria-label=\"Categories\"><ul>");
        foreach (var c in categories) html.Append("<li><a href=\"/shop/category/").Append(E(c.Slug)).Append("\">").Append(E(c.Name)).Append("</a></li>");
        html.Append("</ul></nav><p>").Append(total).Append(" products</p>");
        Cards.Write(html, cards);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        html.Append("<nav aria-label=\"Pages\"><p>Page ").Append(page).Append(" of ").Append(pages).Append("</p></nav>");
        return Layout.End(html);
    }

    public static async Task<string?> SearchAsync(NpgsqlDataSource db, string query, CancellationToken ct)
    {
        var term = new string(query.Where(c => !char.IsControl(c)).ToArray()).Trim();
        var html = Layout.Begin("Search");
        html.Append("<h1>Search</h1>");
        if (term.Length == 0) return Layout.End(html);
        var hits = new List<(string Title, string Url, string Snippet, double Rank)>();
        await using var connection = await db.OpenConnectionAsync(ct);
        // The store's two searches, word for word (its ProductSearch and ArticleSearch), 20 hits each, with their short
        // lists of 40. The store prepares the statements it runs often (Database__MaxAutoPrepare), so these are
        // prepared too: PostgreSQL may then reuse a plan rather than plan each search, as it does for the store's.
        await using (var command = Sql(connection, """
            WITH q AS (SELECT websearch_to_tsquery('english', $1) AS words,
                              replace(plainto_tsquery('english', $1)::text, '&', '|')::tsquery AS any_word),
            shortlist AS (
                (SELECT v.product_id AS id FROM catalog.variants v WHERE v.sku = upper($1))
                UNION ALL
                (SELECT p.id FROM catalog.products p, q
                 WHERE p.search_vector @@ q.words AND p.search_head @@ q.any_word AND p.status = 'Active'
                 ORDER BY ts_rank(p.search_head, q.any_word) DESC, p.name
                 LIMIT $2)
                UNION ALL
                (SELECT p.id FROM catalog.products p, q
                 WHERE p.search_vector @@ q.words AND NOT p.search_head @@ q.any_word AND p.status = 'Active'
                 ORDER BY p.name
                 LIMIT $2)
                UNION ALL
                (SELECT p.id FROM catalog.products p
                 WHERE $1 <% p.name AND p.status = 'Active'
                 ORDER BY $1 <<-> p.name
                 LIMIT $2)
                LIMIT $2
            ),
            ranked AS (
                SELECT p.name, p.slug, p.summary, (ts_rank(p.search_vector, q.words) + word_similarity($1, p.name))::float8 AS rank
                FROM catalog.products p JOIN (SELECT DISTINCT id FROM shortlist) s ON s.id = p.id, q
                WHERE p.status = 'Active'
                ORDER BY rank DESC, p.name
                LIMIT $3
            )
            SELECT r.name AS "Name", r.slug AS "Slug",
                   ts_headline('english', r.summary, q.words, $4) AS "Snippet",
                   r.rank AS "Rank"
            FROM ranked r, q
            ORDER BY r.rank DESC, r.name
            """, term, 40, 20, "StartSel=\u0002, StopSel=\u0003, HighlightAll=true"))
        {
            await command.PrepareAsync(ct);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                hits.Add((reader.GetString(0), "/products/" + reader.GetString(1), reader.GetString(2), reader.GetDouble(3)));
        }
        // The store sets the trigram threshold for the article search alone, in a transaction of its own.
        await using var articleSearch = await connection.BeginTransactionAsync(ct);
        await using (var threshold = Sql(connection, "SET LOCAL pg_trgm.word_similarity_threshold = 0.45"))
            await threshold.ExecuteNonQueryAsync(ct);
        await using (var command = Sql(connection, """
            WITH q AS (SELECT websearch_to_tsquery('english', $1) AS words,
                              replace(plainto_tsquery('english', $1)::text, '&', '|')::tsquery AS any_word),
            shortlist AS (
                (SELECT a.id, 1 AS tier FROM editorial.articles a, q
                 WHERE a.search_vector @@ q.words AND a.search_head @@ q.any_word AND a.status = 'Published'
                 ORDER BY ts_rank(a.search_head, q.any_word) DESC, a.published_at DESC
                 LIMIT $2)
                UNION ALL
                (SELECT a.id, 2 FROM editorial.articles a, q
                 WHERE a.search_vector @@ q.words AND NOT a.search_head @@ q.any_word AND a.status = 'Published'
                 ORDER BY a.published_at DESC
                 LIMIT $2)
                UNION ALL
                (SELECT a.id, 3 FROM editorial.articles a
                 WHERE $1 <% a.title AND a.status = 'Published'
                 ORDER BY $1 <<-> a.title
                 LIMIT $2)
                LIMIT $2
            ),
            ranked AS (
                SELECT a.title, a.slug, a.excerpt, a.body_text, a.published_at, s.tier,
                       (ts_rank(a.search_vector, q.words) + word_similarity($1, a.title) * 0.5)::float8 AS rank
                FROM editorial.articles a JOIN (SELECT id, min(tier) AS tier FROM shortlist GROUP BY id) s ON s.id = a.id, q
                ORDER BY rank DESC, a.published_at DESC
                LIMIT $3
            )
            SELECT r.title AS "Title", r.slug AS "Slug",
                   ts_headline('english',
                       CASE WHEN r.tier = 2 THEN r.excerpt || ' ' || left(r.body_text, 2000)
                            ELSE coalesce(nullif(r.excerpt, ''), left(r.body_text, 300)) END,
                       q.words, 'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=30, MinWords=12, MaxFragments=2') AS "Snippet",
                   r.rank AS "Rank"
            FROM ranked r, q
            ORDER BY r.rank DESC, r.published_at DESC
            """, term, 40, 20))
        {
            await command.PrepareAsync(ct);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                hits.Add((reader.GetString(0), "/articles/" + reader.GetString(1), reader.GetString(2), reader.GetDouble(3)));
        }
        await articleSearch.CommitAsync(ct);
        html.Append("<p>").Append(hits.Count).Append(" results</p><ol class=\"search-results\">");
        foreach (var hit in hits.OrderByDescending(h => h.Rank))
        {
            var snippet = E(hit.Snippet).Replace("\u0002", "<mark>", StringComparison.Ordinal).Replace("\u0003", "</mark>", StringComparison.Ordinal);
            html.Append("<li><h2><a href=\"").Append(E(hit.Url)).Append("\">").Append(E(hit.Title)).Append("</a></h2><p>").Append(snippet).Append("</p></li>");
        }
        html.Append("</ol>");
        return Layout.End(html);
    }

    public static async Task<string?> CartAsync(NpgsqlDataSource db, Guid? cartId, CancellationToken ct)
    {
        var html = Layout.Begin("Your cart").Append("<h1>Your cart</h1>");
        await using var connection = await db.OpenConnectionAsync(ct);
        var lines = new List<(Guid Variant, int Quantity)>();
        if (cartId is { } id)
        {
            await using var command = Sql(connection, """
                SELECT l.variant_id, l.quantity FROM ordering.carts c JOIN ordering.cart_lines l ON l.cart_id = c.id
                WHERE c.id = $1 AND c.customer_id IS NULL ORDER BY l.added_at
                """, id);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) lines.Add((reader.GetGuid(0), reader.GetInt32(1)));
        }
        if (lines.Count == 0) return Layout.End(html.Append("<p>Your cart is empty.</p>"));

        var variants = await Carts.VariantsAsync(connection, lines.Select(l => l.Variant).ToArray(), ct);
        html.Append("<table class=\"cart-table\"><thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Price</th><th scope=\"col\">Quantity</th><th scope=\"col\">Total</th></tr></thead><tbody>");
        var subtotal = 0m;
        foreach (var (variantId, quantity) in lines)
        {
            if (!variants.TryGetValue(variantId, out var v)) continue;
            subtotal += v.Price * quantity;
            html.Append("<tr><td><a href=\"/products/").Append(E(v.Slug)).Append("\">").Append(E(v.ProductName)).Append("</a><div class=\"hint\">").Append(E(v.Name))
                .Append("</div></td><td>").Append(Cards.Money(v.Price)).Append("</td><td><form method=\"post\" action=\"/cart?handler=Update\"><input type=\"hidden\" name=\"variantId\" value=\"")
                .Append(variantId).Append("\"><input name=\"quantity\" type=\"number\" value=\"").Append(quantity).Append("\"><button type=\"submit\">Update</button></form></td><td>")
                .Append(Cards.Money(v.Price * quantity)).Append("</td></tr>");
        }
        html.Append("</tbody></table><p>Subtotal: ").Append(Cards.Money(subtotal)).Append("</p><form method=\"post\" action=\"/cart?handler=Checkout\"><fieldset><legend>Delivery</legend>");
        await using (var command = Sql(connection, "SELECT s.id, s.name, s.description, s.price, s.free_over FROM ordering.shipping_options s WHERE s.is_active ORDER BY s.position"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var free = !reader.IsDBNull(4) && subtotal >= reader.GetDecimal(4);
                html.Append("<label><input type=\"radio\" name=\"Input.ShippingOptionId\" value=\"").Append(reader.GetGuid(0)).Append("\"> ").Append(E(reader.GetString(1)))
                    .Append(": ").Append(free ? "free" : Cards.Money(reader.GetDecimal(3))).Append("</label>");
            }
        }
        html.Append("</fieldset><label for=\"email\">Email</label><input id=\"email\" name=\"Input.Email\" type=\"email\"><button type=\"submit\">Continue to secure payment</button></form>");
        return Layout.End(html);
    }
}

internal static class Carts
{
    public const string Cookie = "fs_cart";

    public sealed record Variant(string Slug, string ProductName, string Name, decimal Price, bool CanBuy);

    public static Guid? Id(HttpRequest request) =>
        request.Cookies.TryGetValue(Cookie, out var value) && Guid.TryParseExact(value, "N", out var id) ? id : null;

    /// <summary>The variants of cart lines with their product and stock, as the store reads them for the cart and for an add.</summary>
    public static async Task<Dictionary<Guid, Variant>> VariantsAsync(NpgsqlConnection connection, Guid[] ids, CancellationToken ct)
    {
        var variants = new Dictionary<Guid, Variant>();
        await using var command = new NpgsqlCommand("""
            SELECT v.id, p.slug, p.name, v.name, v.price, v.track_stock, v.allow_backorder, v.on_hand, v.reserved, v.is_archived, p.status,
                   (SELECT i.card_url FROM catalog.product_images i WHERE i.product_id = p.id ORDER BY i.position LIMIT 1)
            FROM catalog.variants v JOIN catalog.products p ON p.id = v.product_id
            WHERE v.id = ANY($1)
            """, connection) { Parameters = { new NpgsqlParameter { Value = ids } } };
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var canBuy = !reader.GetBoolean(9) && reader.GetString(10) == "Active"
                         && (!reader.GetBoolean(5) || reader.GetBoolean(6) || reader.GetInt32(7) - reader.GetInt32(8) > 0);
            variants[reader.GetGuid(0)] = new Variant(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetDecimal(4), canBuy);
        }
        return variants;
    }

    /// <summary>A first "Add to cart": the variant is read, then the new cart and its line are inserted in one round trip.</summary>
    public static async Task<Guid?> AddToNewCartAsync(NpgsqlDataSource db, Guid variantId, int quantity, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var variant = (await VariantsAsync(connection, [variantId], ct)).GetValueOrDefault(variantId);
        if (variant is not { CanBuy: true }) return null;
        var cartId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("INSERT INTO ordering.carts (id, created_at, customer_id, updated_at) VALUES ($1, $2, NULL, $2)")
                {
                    Parameters = { new NpgsqlParameter { Value = cartId }, new NpgsqlParameter { Value = now } },
                },
                new NpgsqlBatchCommand("INSERT INTO ordering.cart_lines (cart_id, variant_id, added_at, price_when_added, quantity) VALUES ($1, $2, $3, $4, $5)")
                {
                    Parameters =
                    {
                        new NpgsqlParameter { Value = cartId }, new NpgsqlParameter { Value = variantId }, new NpgsqlParameter { Value = now },
                        new NpgsqlParameter { Value = variant.Price }, new NpgsqlParameter { Value = quantity },
                    },
                },
            },
        };
        await batch.ExecuteNonQueryAsync(ct);
        return cartId;
    }
}
