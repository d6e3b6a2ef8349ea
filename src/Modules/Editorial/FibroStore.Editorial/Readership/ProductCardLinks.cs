using FibroStore.SharedKernel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace FibroStore.Editorial.Readership;

/// <summary>
/// A product card inside an article links through /go/product/{slug}?from={article id}: the click is counted with the
/// article it came from (nothing about the reader) and the reader is sent on to the product page.
/// </summary>
internal static class ProductCardLinks
{
    public static string Href(string productSlug, Guid articleId) =>
        $"/go/product/{Uri.EscapeDataString(productSlug)}?from={articleId:N}";

    public static void MapProductCardLinks(this IEndpointRouteBuilder app) =>
        app.MapGet("/go/product/{slug}", async (string slug, string? from, HttpContext http, IProductCatalog catalog,
                ReadershipCounter counter, ISiteSettings settings, TimeProvider clock, CancellationToken ct) =>
            {
                var cards = await catalog.GetCardsBySlugAsync([slug], ct);
                if (!cards.TryGetValue(slug, out var card)) return Results.NotFound();
                if (Guid.TryParse(from, out var articleId) && !Readers.IsRobot(http.Request.Headers.UserAgent.ToString()))
                    counter.CountProductClick(articleId, card.Slug, ZonedTime.DayOf(clock.GetUtcNow(), (await settings.GetAsync(ct)).TimeZone));
                http.Response.Headers.CacheControl = "no-store";
                return Results.Redirect(card.Url);
            })
            .AllowAnonymous();
}
