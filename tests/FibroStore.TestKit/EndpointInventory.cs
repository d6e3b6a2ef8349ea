using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;

namespace FibroStore.TestKit;

/// <summary>
/// One way to reach the store: a minimal API's method and route, a page's GET, or one of a page's handlers
/// (<c>OnPostUploadAsync</c> is <c>POST /route?handler=Upload</c>).
/// </summary>
public sealed partial record EndpointCase(string Method, string Route, string? Handler, RouteEndpoint Endpoint,
    CompiledPageActionDescriptor? Page, HandlerMethodDescriptor? HandlerMethod)
{
    /// <summary>How tests name this case, e.g. <c>POST /staff/catalog/products/{id:guid}?handler=Upload</c>.</summary>
    public string Key => $"{Method} /{Route}" + (Handler is null ? "" : $"?handler={Handler}");

    public bool AllowsAnonymous => Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;

    /// <summary>
    /// A concrete address: each route parameter takes its value from <paramref name="values"/> when given there,
    /// else a harmless sample that satisfies its constraint (optional parameters are left out).
    /// </summary>
    public string Url(IReadOnlyDictionary<string, string>? values = null)
    {
        var path = Parameter().Replace(Route, m =>
        {
            var inner = m.Value[1..^1].TrimStart('*');
            var name = inner.Split(':', '=', '?')[0];
            if (values is not null && values.TryGetValue(name, out var given)) return given;
            if (inner.EndsWith('?')) return "";
            if (inner.Contains(":guid", StringComparison.Ordinal)) return Guid.Empty.ToString();
            if (inner.Contains(":int", StringComparison.Ordinal)) return "1";
            // regex(^(privacy|terms)$) → privacy
            if (Alternatives().Match(inner) is { Success: true } alternatives) return alternatives.Groups[1].Value;
            return "sample";
        });
        var url = "/" + path.TrimEnd('/');
        return Handler is null ? url : $"{url}?handler={Handler}";
    }

    [GeneratedRegex("\\{[^}]+\\}")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"regex\(\^\(([A-Za-z0-9_-]+)[|)]")]
    private static partial Regex Alternatives();
}

/// <summary>Every endpoint the app maps, from its endpoint data source, with each page's handlers found by the page loader.</summary>
public static class EndpointInventory
{
    public static async Task<IReadOnlyList<EndpointCase>> ListAsync(IServiceProvider services)
    {
        var loader = services.GetRequiredService<PageLoader>();
        var cases = new List<EndpointCase>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.RoutePattern.RawText is not { } raw)
                continue;
            var route = raw.TrimStart('/');
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                // A page answers GET even when it has no OnGet: it renders.
                if (!compiled.HandlerMethods.Any(h => h.HttpMethod.Equals("GET", StringComparison.OrdinalIgnoreCase) && h.Name is null))
                    cases.Add(new EndpointCase("GET", route, null, endpoint, compiled, null));
                foreach (var handler in compiled.HandlerMethods)
                    cases.Add(new EndpointCase(handler.HttpMethod.ToUpperInvariant(), route, handler.Name, endpoint, compiled, handler));
            }
            else
            {
                var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                cases.AddRange(methods.Select(m => new EndpointCase(m.ToUpperInvariant(), route, null, endpoint, null, null)));
            }
        }
        return cases.DistinctBy(c => c.Key).OrderBy(c => c.Route, StringComparer.Ordinal).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
    }
}
