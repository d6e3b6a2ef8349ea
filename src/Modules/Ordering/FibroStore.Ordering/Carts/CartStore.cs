using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace FibroStore.Ordering.Carts;

/// <summary>
/// Finds the visitor's cart: a signed-in customer's own, or a visitor's by its cookie. Reading a cart writes nothing.
/// A visitor cart joins the customer's cart in one place, <see cref="JoinVisitorCartAsync"/>, which sign-in and every
/// change to a signed-in customer's cart call first.
/// </summary>
internal sealed class CartStore(OrderingDbContext db, TimeProvider clock, IHttpContextAccessor accessor) : ICartCounter
{
    public const string CookieName = "fs_cart";

    /// <summary>
    /// Beside the cart's cookie, one the page's script can read: it says only that this browser has a cart, so a page
    /// from the shared cache asks for the cart's count (<c>/session/state</c>) when there is one to show, and not on
    /// every visitor's every page.
    /// </summary>
    public const string HintCookieName = "fs_has_cart";
    private static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(30);

    public async Task<int> CountItemsAsync(HttpContext http, CancellationToken ct) =>
        (await ReadAsync(http, ct))?.ItemCount ?? 0;

    private HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("A cart belongs to a request.");

    public string? CurrentCustomerId => CustomerId(Http.User);

    /// <summary>The cart as the visitor sees it, or null when they have none yet. Not tracked: only for reading.</summary>
    public Task<Cart?> FindAsync(CancellationToken ct) => ReadAsync(Http, ct);

    /// <summary>The cart to change, or null when there is none yet; a visitor cart waiting to join the customer's joins it first.</summary>
    public async Task<Cart?> FindToChangeAsync(CancellationToken ct)
    {
        var http = Http;
        if (CustomerId(http.User) is { } customerId)
            return await JoinVisitorCartAsync(http, customerId, ct);
        return VisitorCartId(http) is { } id ? await VisitorCartToChange(db, id, ct) : null;
    }

    public async Task<Cart> GetOrCreateAsync(CancellationToken ct)
    {
        if (await FindToChangeAsync(ct) is { } existing)
            return existing;
        var http = Http;
        var now = clock.GetUtcNow();
        var cart = new Cart { Id = Guid.NewGuid(), CustomerId = CustomerId(http.User), CreatedAt = now, UpdatedAt = now };
        db.Carts.Add(cart);
        if (cart.CustomerId is null)
        {
            http.Response.Cookies.Append(CookieName, cart.Id.ToString("N"), CookieOptions(http, httpOnly: true));
            http.Response.Cookies.Append(HintCookieName, "1", CookieOptions(http, httpOnly: false));
        }
        return cart;
    }

    /// <summary>
    /// The one place a visitor cart (this browser's cookie) joins the signed-in customer's cart, under a row lock so two
    /// requests at once cannot both add it. Returns the customer's cart, tracked, or null when they have none.
    /// </summary>
    public async Task<Cart?> JoinVisitorCartAsync(HttpContext http, string customerId, CancellationToken ct)
    {
        var cart = await CustomerCartToChange(db, customerId, ct);
        if (VisitorCartId(http) is not { } visitorCartId)
            return cart;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var visitor = await db.Carts
            .FromSqlInterpolated($"SELECT * FROM ordering.carts WHERE id = {visitorCartId} AND customer_id IS NULL FOR UPDATE")
            .Include(c => c.Lines)
            .SingleOrDefaultAsync(ct);
        if (visitor is not null)
        {
            var joined = Join(cart, visitor, customerId, clock.GetUtcNow());
            if (joined != visitor)
                db.Carts.Remove(visitor);
            cart = joined;
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        http.Response.Cookies.Delete(CookieName);
        http.Response.Cookies.Delete(HintCookieName);
        return cart;
    }

    private static CookieOptions CookieOptions(HttpContext http, bool httpOnly) => new()
    {
        HttpOnly = httpOnly,
        IsEssential = true,
        // Lax: a cross-site form post carries no cart, so another site cannot fill a visitor's cart.
        SameSite = SameSiteMode.Lax,
        Secure = http.Request.IsHttps,
        MaxAge = CookieLifetime,
    };

    /// <summary>
    /// Reads without tracking or writing. A visitor cart not yet joined (a request raced the sign-in) is shown as it will
    /// be once joined, so the count and the cart page agree with what the next change saves.
    /// </summary>
    private async Task<Cart?> ReadAsync(HttpContext http, CancellationToken ct)
    {
        var visitor = VisitorCartId(http) is { } id ? await VisitorCartToRead(db, id, ct) : null;
        if (CustomerId(http.User) is not { } customerId)
            return visitor;
        var cart = await CustomerCartToRead(db, customerId, ct);
        return visitor is null ? cart : Join(cart, visitor, customerId, clock.GetUtcNow());
    }

    /// <summary>The customer's cart with the visitor's lines added; the visitor cart itself when the customer has none.</summary>
    private static Cart Join(Cart? customerCart, Cart visitorCart, string customerId, DateTimeOffset now)
    {
        if (customerCart is null)
        {
            visitorCart.CustomerId = customerId;
            visitorCart.UpdatedAt = now;
            return visitorCart;
        }
        customerCart.Absorb(visitorCart, now);
        return customerCart;
    }

    // A cart with its lines is read on every cart page, add to cart and checkout: compiled once, so no request builds
    // and translates the query's expression again.

    /// <summary>A visitor's cart with its lines, tracked for a change.</summary>
    private static readonly Func<OrderingDbContext, Guid, CancellationToken, Task<Cart?>> VisitorCartToChange =
        EF.CompileAsyncQuery((OrderingDbContext db, Guid id, CancellationToken ct) =>
            db.Carts.Include(c => c.Lines).SingleOrDefault(c => c.Id == id && c.CustomerId == null));

    /// <summary>A visitor's cart with its lines, for reading only.</summary>
    internal static readonly Func<OrderingDbContext, Guid, CancellationToken, Task<Cart?>> VisitorCartToRead =
        EF.CompileAsyncQuery((OrderingDbContext db, Guid id, CancellationToken ct) =>
            db.Carts.AsNoTracking().Include(c => c.Lines).SingleOrDefault(c => c.Id == id && c.CustomerId == null));

    /// <summary>A signed-in shopper's cart with its lines, tracked for a change.</summary>
    private static readonly Func<OrderingDbContext, string, CancellationToken, Task<Cart?>> CustomerCartToChange =
        EF.CompileAsyncQuery((OrderingDbContext db, string customerId, CancellationToken ct) =>
            db.Carts.Include(c => c.Lines).SingleOrDefault(c => c.CustomerId == customerId));

    /// <summary>A signed-in shopper's cart with its lines, for reading only.</summary>
    internal static readonly Func<OrderingDbContext, string, CancellationToken, Task<Cart?>> CustomerCartToRead =
        EF.CompileAsyncQuery((OrderingDbContext db, string customerId, CancellationToken ct) =>
            db.Carts.AsNoTracking().Include(c => c.Lines).SingleOrDefault(c => c.CustomerId == customerId));

    public static string? CustomerId(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    /// <summary>The visitor cart named by this browser's cookie, without reading or merging anything.</summary>
    public static Guid? VisitorCartId(HttpContext http) =>
        http.Request.Cookies.TryGetValue(CookieName, out var value) && Guid.TryParseExact(value, "N", out var id) ? id : null;
}
