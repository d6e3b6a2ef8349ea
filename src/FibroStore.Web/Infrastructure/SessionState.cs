using System.Security.Claims;
using FibroStore.Ordering.Contracts;
using FibroStore.SharedKernel.Security;
using FibroStore.SharedKernel.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace FibroStore.Web.Infrastructure;

/// <summary>
/// The per-visitor parts of a page (signed-in name, form token) come from this small uncached request,
/// so the page around them can be served from a shared cache.
/// </summary>
internal static class SessionState
{
    public static void MapSessionState(this WebApplication app) =>
        app.MapGet("/session/state", async (HttpContext http, IAntiforgery antiforgery, ICartCounter cart, CancellationToken ct) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(http);
            http.Response.Headers.CacheControl = "no-store";
            var user = http.User;
            var signedIn = user.Identity?.IsAuthenticated == true;
            return Results.Json(new
            {
                signedIn,
                name = signedIn ? user.FindFirstValue(ActingStaff.DisplayNameClaim) ?? user.Identity!.Name : null,
                isStaff = StaffRoles.All.Any(user.IsInRole),
                cartCount = await cart.CountItemsAsync(http, ct),
                antiforgery = new { field = tokens.FormFieldName, token = tokens.RequestToken },
            });
        }).AllowAnonymous();
}
