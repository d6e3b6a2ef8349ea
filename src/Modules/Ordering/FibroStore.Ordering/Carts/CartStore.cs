using System.Security.Claims;
using FibroStore.Ordering.Contracts;
using FibroStore.Ordering.Data;
using FibroStore.Ordering.Domain;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace FibroStore.Ordering.Carts;

/// <summary>
/// Finds the visitor's cart: a signed-in customer's own, or a visitor's by its cookie. A visitor cart found while
/// signed in joins the customer's cart once (under a row lock, so two requests at sign-in cannot both add it).
/// </summary>
internal sealed class CartStore(OrderingDbContext db, TimeProvider clock, IHttpContextAccessor accessor) : ICartCounter
{
    public const string CookieName = "fs_cart";
    private static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(30);

    public async Task<int> CountItemsAsync(HttpContext http, CancellationToken ct) =>
        (await FindAsync(http, ct))?.ItemCount ?? 0;

    private HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("A cart belongs to a request.");

    public string? CurrentCustomerId => CustomerId(Http.User);

    public Task<Cart?> FindAsync(CancellationToken ct) => FindAsync(Http, ct);

    public Task<Cart> GetOrCreateAsync(CancellationToken ct) => GetOrCreateAsync(Http, ct);

    /// <summary>The visitor's cart with its lines, or null when they have none yet.</summary>
    public async Task<Cart?> FindAsync(HttpContext http, CancellationToken ct)
    {
        var customerId = CustomerId(http.User);
        var visitorCartId = VisitorCartId(http);
        if (customerId is null)
            return visitorCartId is { } id ? await VisitorCart(db, id).SingleOrDefaultAsync(ct) : null;

        var cart = await CustomerCart(db, customerId).SingleOrDefaultAsync(ct);
        if (visitorCartId is { } visitorId)
        {
            cart = await AbsorbVisitorCartAsync(visitorId, cart, customerId, ct);
            http.Response.Cookies.Delete(CookieName);
        }
        return cart;
    }

    private async Task<Cart> GetOrCreateAsync(HttpContext http, CancellationToken ct)
    {
        if (await FindAsync(http, ct) is { } existing)
            return existing;
        var now = clock.GetUtcNow();
        var cart = new Cart { Id = Guid.NewGuid(), CustomerId = CustomerId(http.User), CreatedAt = now, UpdatedAt = now };
        db.Carts.Add(cart);
        if (cart.CustomerId is null)
        {
            http.Response.Cookies.Append(CookieName, cart.Id.ToString("N"), new CookieOptions
            {
                HttpOnly = true,
                IsEssential = true,
                // Lax: a cross-site form post carries no cart, so another site cannot fill a visitor's cart.
                SameSite = SameSiteMode.Lax,
                Secure = http.Request.IsHttps,
                MaxAge = CookieLifetime,
            });
        }
        return cart;
    }

    private async Task<Cart?> AbsorbVisitorCartAsync(Guid visitorCartId, Cart? customerCart, string customerId, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var locked = await db.Carts
            .FromSqlInterpolated($"SELECT * FROM ordering.carts WHERE id = {visitorCartId} AND customer_id IS NULL FOR UPDATE")
            .Include(c => c.Lines)
            .SingleOrDefaultAsync(ct);
        if (locked is null)
            return customerCart;
        var now = clock.GetUtcNow();
        if (customerCart is null)
        {
            locked.CustomerId = customerId;
            locked.UpdatedAt = now;
            customerCart = locked;
        }
        else
        {
            customerCart.Absorb(locked, now);
            db.Carts.Remove(locked);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return customerCart;
    }

    /// <summary>A visitor's cart with its lines: read on every cart page and every add to cart.</summary>
    internal static IQueryable<Cart> VisitorCart(OrderingDbContext db, Guid id) =>
        db.Carts.Include(c => c.Lines).Where(c => c.Id == id && c.CustomerId == null);

    /// <summary>A signed-in shopper's cart with its lines.</summary>
    internal static IQueryable<Cart> CustomerCart(OrderingDbContext db, string customerId) =>
        db.Carts.Include(c => c.Lines).Where(c => c.CustomerId == customerId);

    public static string? CustomerId(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    /// <summary>The visitor cart named by this browser's cookie, without reading or merging anything.</summary>
    public static Guid? VisitorCartId(HttpContext http) =>
        http.Request.Cookies.TryGetValue(CookieName, out var value) && Guid.TryParseExact(value, "N", out var id) ? id : null;
}
