using Microsoft.AspNetCore.StaticFiles;

namespace FibroStore.Web.Infrastructure;

/// <summary>
/// How long browsers keep the store's own files. Stylesheets and scripts are linked with <c>asp-append-version</c>,
/// so their address carries a hash of their content (<c>?v=…</c>) and changes when they do: they are kept for a year
/// and never revalidated. Files linked without a version (the icons) are kept for a day.
/// </summary>
internal static class StaticFileCaching
{
    public const string Versioned = "public, max-age=31536000, immutable";
    public const string Unversioned = "public, max-age=86400";

    public static void Apply(StaticFileResponseContext context)
    {
        var request = context.Context.Request;
        context.Context.Response.Headers.CacheControl = request.Query.ContainsKey("v") ? Versioned : Unversioned;
    }
}
