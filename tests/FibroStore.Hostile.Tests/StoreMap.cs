using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;

namespace FibroStore.Hostile.Tests;

/// <summary>A field an endpoint reads: its name on the wire, and whether it is a file.</summary>
public sealed record Field(string Name, bool IsFile = false);

/// <summary>A form as a page shows it: where it posts, and its fields with the values they start with.</summary>
public sealed record PageForm(string Action, string PageUrl, IReadOnlyList<KeyValuePair<string, string>> Values, IReadOnlyList<Field> Files);

/// <summary>Stands in a filled-in form value for a number given anew to each request (see <see cref="Numbered"/>).</summary>
public static class FormFill
{
    public const string Counter = "~n~";

    private static int next;

    /// <summary>The value with <see cref="Counter"/> replaced by a number no earlier request used.</summary>
    public static string Numbered(string value) =>
        value.Contains(Counter, StringComparison.Ordinal) ? value.Replace(Counter, Interlocked.Increment(ref next).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal) : value;
}

/// <summary>
/// What the store looks like from outside: the addresses its pages link to (crawled as each role, so route
/// parameters get real values), the forms those pages show, and which fields each endpoint binds.
/// </summary>
public sealed partial class StoreMap(IReadOnlyList<EndpointCase> cases)
{
    private static readonly HtmlParser Parser = new();
    private readonly Dictionary<string, string> urlByRoute = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PageForm> formByCase = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> roleByRoute = new(StringComparer.Ordinal);
    private readonly List<(EndpointCase Case, Regex Pattern, int Literals)> routes = cases
        .Where(c => c.Method == "GET" && c.Handler is null)
        .Select(c => (c, RouteRegex(c.Route), Specificity(c.Route)))
        .OrderByDescending(r => r.Item3)
        .ToList();

    public IReadOnlyList<EndpointCase> Cases { get; } = cases;

    /// <summary>Pages that answered 500 or more while crawling.</summary>
    public List<string> Failures { get; } = [];

    /// <summary>Every address visited, with the route it belongs to.</summary>
    public List<(string Url, string Route)> Visited { get; } = [];

    /// <summary>Visits pages breadth-first from <paramref name="starts"/> as <paramref name="client"/>, keeping a few addresses per route.</summary>
    public async Task CrawlAsync(HttpClient client, IEnumerable<string> starts, int perRoute = 2, int maxPages = 150, string? role = null)
    {
        var queue = new Queue<string>(starts);
        var seen = new HashSet<string>(Visited.Select(v => v.Url), StringComparer.Ordinal);
        var perRouteCount = Visited.GroupBy(v => v.Route).ToDictionary(g => g.Key, g => g.Count());
        var pages = 0;
        while (queue.Count > 0 && pages < maxPages)
        {
            var url = queue.Dequeue();
            if (!seen.Add(url) || RouteOf(url) is not { } route)
                continue;
            if (perRouteCount.GetValueOrDefault(route) >= perRoute)
                continue;
            using var response = await client.GetAsync(url);
            pages++;
            if ((int)response.StatusCode >= 500)
                Failures.Add($"GET {url} answered {(int)response.StatusCode}");
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
                continue;
            perRouteCount[route] = perRouteCount.GetValueOrDefault(route) + 1;
            Visited.Add((url, route));
            urlByRoute.TryAdd(route, url);
            if (role is not null) roleByRoute.TryAdd(route, role);
            var document = Parser.ParseDocument(await response.Content.ReadAsStringAsync());
            foreach (var form in document.Forms)
                RecordForm(form, url);
            foreach (var link in document.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!))
                if (Local(link) is { } next && !next.Contains("Logout", StringComparison.OrdinalIgnoreCase))
                    queue.Enqueue(next);
        }
    }

    /// <summary>Reads the forms of one page the crawl cannot reach by links (the payment page of a new checkout).</summary>
    public async Task AddPageAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var document = Parser.ParseDocument(await response.Content.ReadAsStringAsync());
        if (RouteOf(url) is { } route) urlByRoute.TryAdd(route, url);
        foreach (var form in document.Forms)
            RecordForm(form, url);
    }

    /// <summary>A real address for the case's route when the crawl found one, else one with sample values.</summary>
    public string UrlFor(EndpointCase endpoint)
    {
        var path = urlByRoute.TryGetValue(endpoint.Route, out var found) ? found.Split('?')[0] : endpoint.Url().Split('?')[0];
        return endpoint.Handler is null ? path : $"{path}?handler={endpoint.Handler}";
    }

    /// <summary>The role whose crawl first reached the route, when the crawl was told its role.</summary>
    public string? CrawledAs(string route) => roleByRoute.GetValueOrDefault(route);

    public PageForm? FormFor(EndpointCase endpoint) => formByCase.GetValueOrDefault(endpoint.Key);

    /// <summary>The route of a local address, by the most specific route pattern that matches it.</summary>
    public string? RouteOf(string url)
    {
        var path = url.Split('?', '#')[0].TrimStart('/');
        return routes.FirstOrDefault(r => r.Pattern.IsMatch(path)).Case?.Route;
    }

    private void RecordForm(IHtmlFormElement form, string pageUrl)
    {
        var method = (form.GetAttribute("method") ?? "get").ToUpperInvariant();
        var values = new List<KeyValuePair<string, string>>();
        var files = new List<Field>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name)) continue;
            switch (element)
            {
                case IHtmlInputElement { Type: "file" }:
                    files.Add(new Field(name, IsFile: true));
                    break;
                case IHtmlInputElement { Type: "checkbox" or "radio" } box:
                    if (box.IsChecked) values.Add(new(name, box.Value));
                    break;
                case IHtmlInputElement { Type: "submit" or "button" or "image" }:
                    break;
                case IHtmlInputElement input:
                    values.Add(new(name, input.Value.Length > 0 || input.Type == "hidden" || IsHoneypot(input) ? input.Value : FillIn(input, name)));
                    break;
                case IHtmlTextAreaElement area:
                    values.Add(new(name, area.Value.Length > 0 || IsHoneypot(area) ? area.Value
                        : name.Contains("Links", StringComparison.OrdinalIgnoreCase) || name.Contains("Sites", StringComparison.OrdinalIgnoreCase) ? "Pacing group | https://example.org/pacing"
                        : $"A calm line of text, number {FormFill.Counter}."));
                    break;
                case IHtmlSelectElement select:
                    var chosen = select.Options.FirstOrDefault(o => o.IsSelected && o.Value.Length > 0)
                                 ?? select.Options.FirstOrDefault(o => o.Value.Length > 0) ?? select.Options.FirstOrDefault();
                    if (chosen is not null) values.Add(new(name, chosen.Value));
                    break;
            }
        }
        var action = Local(form.GetAttribute("action") ?? pageUrl) ?? pageUrl;
        var targets = new List<string> { action };
        targets.AddRange(form.QuerySelectorAll("button[formaction], input[formaction]").Select(b => Local(b.GetAttribute("formaction")!)).OfType<string>());
        // A submit button's own name and value (e.g. intent=publish, one=approve:{id}) is sent with the form.
        var button = form.QuerySelector("button[name][type=submit], button[name]:not([type])");
        if (button is not null) values.Add(new(button.GetAttribute("name")!, button.GetAttribute("value") ?? ""));
        foreach (var target in targets)
        {
            if (RouteOf(target) is not { } route) continue;
            var handler = QueryValue(target, "handler");
            var key = $"{method} /{route}" + (handler is null ? "" : $"?handler={handler}");
            var caseKey = Cases.FirstOrDefault(c => c.Key.Equals(key, StringComparison.OrdinalIgnoreCase))?.Key;
            if (caseKey is not null)
                formByCase.TryAdd(caseKey, new PageForm(target, pageUrl, values, files));
        }
    }

    /// <summary>A field only robots fill in: out of the tab order, or inside a block hidden from people.</summary>
    private static bool IsHoneypot(AngleSharp.Dom.IElement element) =>
        element.GetAttribute("tabindex") == "-1" || element.Closest("[aria-hidden=true]") is not null;

    /// <summary>
    /// What a person would type into an empty field, so that a form is accepted as a whole and the one hostile value
    /// sent in it is what decides the answer. <see cref="FormFill.Counter"/> becomes a number of its own in each
    /// request, for fields that must be unique (email addresses, SKUs, names).
    /// </summary>
    private static string FillIn(IHtmlInputElement input, string name)
    {
        var n = FormFill.Counter;
        var tomorrow = DateTime.UtcNow.AddDays(1);
        bool Named(string part) => name.Contains(part, StringComparison.OrdinalIgnoreCase);
        return input.Type switch
        {
            "email" => $"calm.{n}@example.org",
            "password" => StoreFactory.DefaultPassword,
            "number" or "range" when Named("CompareAt") => "",
            "number" or "range" => decimal.TryParse(input.GetAttribute("min"), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var min) && min > 0
                ? min.ToString(System.Globalization.CultureInfo.InvariantCulture) : "2",
            // An end comes after a start.
            "datetime-local" or "date" when Named("End") || Named("Until") => tomorrow.AddDays(7).ToString(input.Type == "date" ? "yyyy-MM-dd" : "yyyy-MM-dd'T'10:00", System.Globalization.CultureInfo.InvariantCulture),
            "date" => tomorrow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            "datetime-local" => tomorrow.ToString("yyyy-MM-dd'T'10:00", System.Globalization.CultureInfo.InvariantCulture),
            "time" => "10:00",
            "url" => "https://example.org/pacing",
            "tel" => "+44 20 7946 0000",
            // Optional fields a person leaves empty when they have nothing for them.
            _ when Named("Discount") || Named("CompareAt") => "",
            _ when Named("Email") => $"calm.{n}@example.org",
            _ when Named("Password") => StoreFactory.DefaultPassword,
            _ when Named("Url") || Named("Website") => "https://example.org/pacing",
            _ when Named("Sku") || Named("Slug") || Named("Code") => $"calm-{n}",
            _ when Named("Price") || Named("Amount") || Named("Quantity") || Named("Percent") || Named("Grams") || Named("Threshold") => "2",
            _ when input.GetAttribute("pattern") is { Length: > 0 } => $"calm{n}",
            _ => $"Calm name {n}",
        };
    }

    /// <summary>The fields a case binds, from its page model: bound properties (on GET only those that support GET) and handler parameters.</summary>
    public static IReadOnlyList<Field> BoundFields(EndpointCase endpoint)
    {
        if (endpoint.Page is not { } page) return [];
        var routeNames = Regex.Matches(endpoint.Route, @"\{\**([A-Za-z_]+)").Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var isGet = endpoint.Method == "GET";
        var fields = new List<Field>();
        foreach (var property in page.BoundProperties.OfType<PageBoundPropertyDescriptor>())
        {
            var bind = property.Property.GetCustomAttribute<BindPropertyAttribute>();
            if (isGet && bind?.SupportsGet != true) continue;
            var name = bind?.Name ?? property.BindingInfo?.BinderModelName ?? property.Name;
            if (routeNames.Contains(name)) continue;
            Expand(name, property.ParameterType, fields, 0);
        }
        foreach (var parameter in endpoint.HandlerMethod?.Parameters ?? [])
        {
            if (parameter.ParameterType == typeof(CancellationToken) || routeNames.Contains(parameter.Name)) continue;
            if (parameter.BindingInfo?.BindingSource is { } source && (source == BindingSource.Services || source == BindingSource.Path)) continue;
            Expand(parameter.BindingInfo?.BinderModelName ?? parameter.Name, parameter.ParameterType, fields, 0);
        }
        return fields.DistinctBy(f => f.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static void Expand(string name, Type type, List<Field> fields, int depth)
    {
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        if (inner == typeof(IFormFile)) { fields.Add(new Field(name, IsFile: true)); return; }
        if (IsSimple(inner)) { fields.Add(new Field(name)); return; }
        if (inner.IsArray || (inner.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(inner)))
        {
            fields.Add(new Field(name));
            return;
        }
        if (depth > 2) return;
        foreach (var property in inner.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            Expand($"{name}.{property.Name}", property.PropertyType, fields, depth + 1);
    }

    private static bool IsSimple(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(TimeSpan);

    private static string? Local(string href)
    {
        if (href.StartsWith("//", StringComparison.Ordinal)) return null;
        // Checked first: on Linux "/articles" also parses as an absolute (file) URI.
        if (href.StartsWith('/')) return href.Split('#')[0];
        return Uri.TryCreate(href, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" && absolute.Host is "localhost" or "127.0.0.1"
            ? absolute.PathAndQuery
            : null;
    }

    private static string? QueryValue(string url, string key) =>
        url.Split('?') is [_, var query]
            ? Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query).TryGetValue(key, out var value) ? value.ToString() : null
            : null;

    /// <summary>A regular expression for a route template: constraints become patterns, catch-alls take the rest.</summary>
    private static Regex RouteRegex(string template)
    {
        var pattern = new System.Text.StringBuilder("^");
        var at = 0;
        foreach (Match m in Parameter().Matches(template))
        {
            var literal = template[at..m.Index];
            var inner = m.Value[1..^1];
            var optional = inner.EndsWith('?');
            // "edit/{id?}" also matches "edit": the slash before an optional parameter is optional too.
            if (optional && literal.EndsWith('/')) pattern.Append(Regex.Escape(literal[..^1])).Append("(?:/");
            else pattern.Append(Regex.Escape(literal)).Append("(?:");
            pattern.Append(inner.StartsWith('*') ? ".*"
                : inner.Contains(":guid", StringComparison.Ordinal) ? "[0-9a-fA-F-]{36}"
                : inner.Contains(":int", StringComparison.Ordinal) ? "-?\\d+"
                : Alternatives().Match(inner) is { Success: true } alternatives ? alternatives.Groups[1].Value
                : "[^/]+");
            pattern.Append(optional ? ")?" : ")");
            at = m.Index + m.Length;
        }
        pattern.Append(Regex.Escape(template[at..])).Append("/?$");
        return new Regex(pattern.ToString(), RegexOptions.IgnoreCase);
    }

    /// <summary>More literal segments first; catch-all routes last.</summary>
    private static int Specificity(string template) =>
        Regex.Count(template, "(^|/)[^{/][^/]*") * 10 - (template.Contains("{*", StringComparison.Ordinal) ? 5 : 0);

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"regex\(\^\(([^)]+)\)\$\)")]
    private static partial Regex Alternatives();
}
