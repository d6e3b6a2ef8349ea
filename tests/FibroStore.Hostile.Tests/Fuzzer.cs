using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace FibroStore.Hostile.Tests;

/// <summary>One planned way to reach an endpoint: as whom, at which address, starting from which form values.</summary>
public sealed record Target(EndpointCase Case, string Role, string Url, List<KeyValuePair<string, string>> Baseline, IReadOnlyList<Field> Fields);

/// <summary>
/// Sends the corpus to every form and endpoint of the store, in-process: each field of each form gets a share of
/// the values (every value is used), each form gets a share of the request shapes, each route parameter a few
/// values. Every answer must be below 500, and a refused one (4xx) must have changed no table's row count.
/// </summary>
public sealed class Fuzzer(HostileStore store, StoreMap map)
{
    private const string StripeKey = "sk_test_hostile_corpus";
    private static readonly HashSet<Shape> Heavy = [Shape.ValueOverFormLimit, Shape.ValueOfOneMegabyte, Shape.BodyOverServerLimit];
    private readonly Dictionary<Shape, int> heavyUses = [];
    private readonly Dictionary<string, string> roleByRoute = new(StringComparer.Ordinal);
    private readonly HashSet<HostileValue> usedValues = [];
    private readonly HashSet<Shape> usedShapes = [];
    private int valueCursor, scriptCursor, shapeCursor, clientNumber;
    private WriteWatch watch = null!;

    public List<string> Failures { get; } = [];
    public HashSet<string> CoveredCases { get; } = new(StringComparer.Ordinal);
    public int Requests { get; private set; }

    /// <summary>How many answers fell in each class (2 for 2xx, 3 for 3xx…), for the test's output.</summary>
    public SortedDictionary<int, int> Statuses { get; } = [];

    /// <summary>POST endpoints whose form was found on a page, so their fields started from the values the page gives.</summary>
    public int PostsWithForm { get; private set; }

    public List<string> PostsWithoutForm { get; } = [];

    /// <summary>The slowest requests sent, for the test's output.</summary>
    public List<(TimeSpan Took, string What)> SlowRequests { get; } = [];

    /// <summary>How long each endpoint took, for the test's output.</summary>
    public List<(TimeSpan Took, string Case)> Timings { get; } = [];
    public int UsedValueCount => usedValues.Count;
    public int UsedShapeCount => usedShapes.Count;

    public async Task RunAsync()
    {
        var targets = new List<Target>();
        foreach (var endpoint in map.Cases.Where(c => c.Method is "GET" or "POST"))
            targets.Add(await PlanAsync(endpoint));
        // A share large enough that every value in the corpus reaches some field.
        var slots = targets.Sum(t => Math.Max(1, t.Fields.Count));
        var perField = Math.Max(1, (int)Math.Ceiling(HostileCorpus.Values.Count / (double)slots));

        watch = await WriteWatch.StartAsync(store.Database.ConnectionString);
        await using var _ = watch;
        // Whatever may sign a role out or take its rank away goes last, so the others run with stable sessions.
        foreach (var target in targets.OrderBy(t => Risky(t.Case) ? 1 : 0))
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            if (target.Case.Route == "webhooks/stripe")
                await WebhookAsync(target);
            else
                await GenericAsync(target, perField);
            CoveredCases.Add(target.Case.Key);
            // Only a post can sign a role out or take its rank away.
            if (target.Case.Method == "POST")
                await KeepVisitorsAsync(target.Role);
            Timings.Add((System.Diagnostics.Stopwatch.GetElapsedTime(started), target.Case.Key));
        }
        // Values a share did not reach (forms with few fields) go to the search box, which reads any text.
        var search = targets.First(t => t.Case.Key == "GET /search");
        foreach (var value in HostileCorpus.Values.Where(v => !usedValues.Contains(v)).ToList())
            await SendValueAsync(search, search.Fields[0], value);
    }

    private static bool Risky(EndpointCase endpoint) =>
        endpoint.Key.Contains("Logout", StringComparison.Ordinal) || endpoint.Route.StartsWith("staff/people", StringComparison.Ordinal)
        || endpoint.Route.StartsWith("Identity/Account/Manage", StringComparison.Ordinal) || endpoint.Route == "staff/settings";

    private async Task<Target> PlanAsync(EndpointCase endpoint)
    {
        var role = await RoleForAsync(endpoint);
        var form = map.FormFor(endpoint);
        var baseline = form?.Values.Where(v => v.Key != "__RequestVerificationToken").ToList() ?? [];
        var fields = (form?.Values.Select(v => new Field(v.Key)) ?? [])
            .Concat(form?.Files ?? [])
            .Concat(StoreMap.BoundFields(endpoint))
            .Concat(EmulatorFields(endpoint).Select(f => new Field(f.Key)))
            .Where(f => f.Name != "__RequestVerificationToken")
            .DistinctBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (baseline.Count == 0)
            baseline = EmulatorFields(endpoint).ToList();
        for (var i = 0; i < baseline.Count; i++)
            if (baseline[i].Key.EndsWith("Stamp", StringComparison.OrdinalIgnoreCase) && baseline[i].Value.Length == 0)
                baseline[i] = new(baseline[i].Key, await ReplyStampAsync());
        var url = form?.Action is { } action && endpoint.Method == "POST" ? action : map.UrlFor(endpoint);
        if (form is not null && endpoint.Method == "POST") PostsWithForm++;
        else if (endpoint.Method == "POST") PostsWithoutForm.Add(endpoint.Key);
        return new Target(endpoint, role, url, baseline, fields);
    }

    /// <summary>The role the corpus was sent as for a route (the admin for a route it never planned).</summary>
    public string RoleOf(string route) => roleByRoute.GetValueOrDefault(route, StaffRoles.Admin);

    /// <summary>
    /// The least trusted role that gets past authorization for the case's page (a stranger for public pages). A
    /// route the crawl reached as a stranger or a shopper is theirs; others are tried role by role.
    /// </summary>
    private async Task<string> RoleForAsync(EndpointCase endpoint)
    {
        if (roleByRoute.TryGetValue(endpoint.Route, out var known)) return known;
        var crawler = map.CrawledAs(endpoint.Route);
        if (crawler is "Stranger" or "Shopper")
            return roleByRoute[endpoint.Route] = crawler;
        var pageUrl = map.UrlFor(endpoint with { Handler = null });
        var chosen = HostileStore.Roles[^1];
        foreach (var role in HostileStore.Roles)
        {
            using var response = await store.Visitors[role].Client.Http.GetAsync(pageUrl);
            var location = response.Headers.Location?.OriginalString ?? "";
            var refused = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                          || (response.StatusCode == HttpStatusCode.Redirect && location.Contains("/Identity/Account/Login", StringComparison.Ordinal) && !endpoint.Route.StartsWith("Identity/Account/LoginWith", StringComparison.Ordinal));
            if (!refused) { chosen = role; break; }
        }
        return roleByRoute[endpoint.Route] = chosen;
    }

    private async Task GenericAsync(Target target, int perField)
    {
        var fields = target.Fields.Count > 0 ? target.Fields : [new Field("q")];
        if (target.Case.Method == "POST" && !IsEmulatorApi(target.Case) && !target.Fields.Any(f => f.IsFile))
        {
            // The form as a person fills it in, to tell a form that takes what it is sent from one that refuses everything.
            await SendAsync(target, FilledIn, () => Post(target.Url, FormBody(target, null, null), "application/x-www-form-urlencoded"));
            FilledFormAnswers[target.Case.Key] = lastStatus;
            // The same form with a hostile value, from the strongest role the page refuses: refused, and nothing written.
            if (Array.IndexOf(HostileStore.Roles, target.Role) is > 0 and var rank)
            {
                var outsider = HostileStore.Roles[rank - 1];
                var value = NextScript();
                await SendAsync(target, $"as {outsider}, who may not, {fields[0].Name} = {value}", () => Post(target.Url,
                    FormBody(target, fields[0].Name, value.FormEncoded, withToken: false) + "&__RequestVerificationToken=" + Uri.EscapeDataString(store.Visitors[outsider].Token),
                    "application/x-www-form-urlencoded"), [value], outsider);
            }
        }
        foreach (var field in fields)
        {
            for (var i = 0; i < perField; i++)
                await SendValueAsync(target, field, NextValue());
            // Text people type and others read is where a script would do harm: each text field also gets one
            // (a field whose page fills it with a number, an id or yes/no is not shown as text).
            if (!field.IsFile && !HoldsNonText(target, field))
                await SendValueAsync(target, field, NextScript());
        }
        // Values in the address itself: route parameters that are not constrained to numbers or ids.
        if (RouteParameters(target.Case).Any())
            await SendInRouteAsync(target, NextValue());
        if (target.Case.Method == "POST")
            for (var i = 0; i < 2; i++)
                await SendShapeAsync(target, fields[i % fields.Count], NextShape());
        else
        {
            var (key, value) = (NextValue(), NextValue());
            await SendAsync(target, $"unknown key {key} = {value}", () => Get(target.Url + Separator(target.Url) + key.FormEncoded + "=" + value.FormEncoded, IsEmulatorApi(target.Case)), [key, value]);
        }
    }

    private static bool HoldsNonText(Target target, Field field) =>
        target.Baseline.FirstOrDefault(p => p.Key.Equals(field.Name, StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } start
        && (decimal.TryParse(start, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _)
            || Guid.TryParse(start, out _) || bool.TryParse(start, out _));

    private HostileValue NextValue()
    {
        return HostileCorpus.Values[valueCursor++ % HostileCorpus.Values.Count];
    }

    private HostileValue NextScript()
    {
        var scripts = HostileCorpus.Scripts.ToList();
        return scripts[scriptCursor++ % scripts.Count];
    }

    private Shape NextShape()
    {
        while (true)
        {
            var shape = HostileCorpus.Shapes[shapeCursor++ % HostileCorpus.Shapes.Count];
            // Bodies of megabytes are sent a few times, not to every form: each costs seconds on a busy machine.
            if (Heavy.Contains(shape) && heavyUses.GetValueOrDefault(shape) >= 1) continue;
            if (Heavy.Contains(shape)) heavyUses[shape] = heavyUses.GetValueOrDefault(shape) + 1;
            usedShapes.Add(shape);
            return shape;
        }
    }

    private Task SendValueAsync(Target target, Field field, HostileValue value)
    {
        var what = $"{field.Name} = {value}";
        if (target.Case.Method == "GET")
            return SendAsync(target, what, () => Get(target.Url + Separator(target.Url) + Uri.EscapeDataString(field.Name) + "=" + value.FormEncoded, IsEmulatorApi(target.Case)), [value]);
        if (IsEmulatorApi(target.Case))
            return SendAsync(target, what, () => Post(target.Url, FormBody(target, field.Name, value.FormEncoded, withToken: false), "application/x-www-form-urlencoded", stripeKey: true), [value]);
        if (field.IsFile || target.Fields.Any(f => f.IsFile))
            return SendAsync(target, what, () => Multipart(target, field, value), [value]);
        return SendAsync(target, what, () => Post(target.Url, FormBody(target, field.Name, value.FormEncoded), "application/x-www-form-urlencoded"), [value]);
    }

    private Task SendInRouteAsync(Target target, HostileValue value)
    {
        // A null character cannot be sent in a path at all: HTTP clients and Kestrel refuse it before the store sees it.
        if (value.Value.Contains('\0', StringComparison.Ordinal) || value.FormEncoded.Contains("%00", StringComparison.Ordinal))
            return Task.CompletedTask;
        var parameter = RouteParameters(target.Case).First();
        var url = "/" + System.Text.RegularExpressions.Regex.Replace(target.Case.Route, @"\{[^}]+\}", m =>
            m.Value == parameter ? value.FormEncoded : SampleFor(target, m.Value));
        if (target.Case.Handler is { } handler) url += "?handler=" + handler;
        return target.Case.Method == "GET"
            ? SendAsync(target, $"route {parameter} = {value}", () => Get(url, IsEmulatorApi(target.Case)), [value])
            : SendAsync(target, $"route {parameter} = {value}", () => Post(url, FormBody(target, null, null), "application/x-www-form-urlencoded", stripeKey: IsEmulatorApi(target.Case)), [value]);
    }

    private static string SampleFor(Target target, string parameter)
    {
        // The real address has the other parameters' values at the same positions.
        var real = target.Url.Split('?')[0].TrimStart('/').Split('/');
        var template = target.Case.Route.Split('/');
        var index = Array.IndexOf(template, template.FirstOrDefault(t => t.Contains(parameter, StringComparison.Ordinal)));
        return index >= 0 && index < real.Length ? real[index] : "sample";
    }

    /// <summary>Route parameters that take free text (ids, numbers and listed words are matched by the router before the store sees them).</summary>
    private static IEnumerable<string> RouteParameters(EndpointCase endpoint) =>
        System.Text.RegularExpressions.Regex.Matches(endpoint.Route, @"\{[^}]+\}").Select(m => m.Value)
            .Where(p => !p.Contains(":guid", StringComparison.Ordinal) && !p.Contains(":int", StringComparison.Ordinal) && !p.Contains("regex", StringComparison.Ordinal));

    private Task SendShapeAsync(Target target, Field field, Shape shape)
    {
        var name = field.Name;
        var token = "__RequestVerificationToken=" + Uri.EscapeDataString(Token(target));
        var form = "application/x-www-form-urlencoded";
        var stripe = IsEmulatorApi(target.Case);
        HttpRequestMessage Build() => shape switch
        {
            Shape.FieldTwice => Post(target.Url, FormBody(target, name, "1") + "&" + Uri.EscapeDataString(name) + "=2", form, stripe),
            Shape.FieldAsArray => Post(target.Url, FormBody(target, null, null) + $"&{Uri.EscapeDataString(name + "[]")}=1&{Uri.EscapeDataString(name + "[]")}=2", form, stripe),
            Shape.FieldIndexed => Post(target.Url, FormBody(target, null, null) + $"&{Uri.EscapeDataString(name + "[0]")}=a&{Uri.EscapeDataString(name + "[1]")}=b&{Uri.EscapeDataString(name + "[99999999]")}=c", form, stripe),
            Shape.FieldAsObject => Post(target.Url, FormBody(target, null, null) + $"&{Uri.EscapeDataString(name + ".Length")}=5&{Uri.EscapeDataString(name + "[key]")}=1", form, stripe),
            Shape.PrefixOnly => Post(target.Url, FormBody(target, null, null) + $"&{Uri.EscapeDataString(name.Split('.')[0])}=whole", form, stripe),
            Shape.FieldKeyOverlong => Post(target.Url, FormBody(target, null, null) + "&" + new string('k', 3000) + "=1", form, stripe),
            Shape.TooManyFields => Post(target.Url, FormBody(target, null, null) + string.Concat(Enumerable.Range(0, 1100).Select(i => $"&f{i}={i}")), form, stripe),
            Shape.EmptyBody => Post(target.Url, token, form, stripe),
            Shape.BrokenPercentEncoding => Post(target.Url, token + $"&{Uri.EscapeDataString(name)}=%zz%&%=%%", form, stripe),
            Shape.JsonBody => WithHeaderToken(target, Post(target.Url, $"{{\"{name}\": [1, 2], \"{name}.x\": {{\"$gt\": \"\"}}}}", "application/json", stripe)),
            Shape.XmlWithExternalEntity => WithHeaderToken(target, Post(target.Url,
                "<?xml version=\"1.0\"?><!DOCTYPE fibro [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><form><" + "field>&xxe;</field></form>", "application/xml", stripe)),
            Shape.PlainText => WithHeaderToken(target, Post(target.Url, $"{name}=plain", "text/plain", stripe)),
            Shape.MultipartWithoutBoundary => WithHeaderToken(target, Post(target.Url, "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--", "multipart/form-data", stripe)),
            Shape.MultipartWithOverlongBoundary => Post(target.Url, "--b\r\n\r\n", "multipart/form-data; boundary=" + new string('b', 300), stripe),
            Shape.BinaryBody => WithHeaderToken(target, Bytes(target.Url, RandomNumberGenerator.GetBytes(4096), "application/octet-stream", stripe)),
            Shape.FormInUtf7 => Post(target.Url, token + "&" + Uri.EscapeDataString(name) + "=+ADw-script+AD4-", "application/x-www-form-urlencoded; charset=utf-7", stripe),
            Shape.FormInEbcdic => Post(target.Url, token + "&" + Uri.EscapeDataString(name) + "=abc", "application/x-www-form-urlencoded; charset=ibm037", stripe),
            Shape.NoContentType => WithHeaderToken(target, Bytes(target.Url, Encoding.UTF8.GetBytes(token + "&" + name + "=1"), null, stripe)),
            Shape.ValueOverFormLimit => Post(target.Url, FormBody(target, name, new string('a', 5 * 1024 * 1024)), form, stripe),
            Shape.ValueOfOneMegabyte => Post(target.Url, FormBody(target, name, string.Concat(Enumerable.Repeat("heat+pack+", 100_000))), form, stripe),
            Shape.BodyOverServerLimit => Post(target.Url, FormBody(target, null, null) + string.Concat(Enumerable.Range(0, 32).Select(i => $"&big{i}=" + new string('z', 1024 * 1024))), form, stripe),
            _ => throw new ArgumentOutOfRangeException(nameof(shape)),
        };
        return SendAsync(target, $"shape {shape} on {name}", Build);
    }

    /// <summary>The baseline form with <paramref name="field"/> set to <paramref name="encodedValue"/> (already encoded), and the form token.</summary>
    private string FormBody(Target target, string? field, string? encodedValue, bool withToken = true)
    {
        var parts = target.Baseline
            .Where(p => field is null || !p.Key.Equals(field, StringComparison.OrdinalIgnoreCase))
            .Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(FormFill.Numbered(p.Value)))
            .ToList();
        if (field is not null) parts.Add(Uri.EscapeDataString(field) + "=" + encodedValue);
        if (withToken && !IsEmulatorApi(target.Case)) parts.Add("__RequestVerificationToken=" + Uri.EscapeDataString(Token(target)));
        return string.Join("&", parts);
    }

    private HttpRequestMessage Multipart(Target target, Field field, HostileValue value)
    {
        var content = new MultipartFormDataContent();
        foreach (var (key, text) in target.Baseline.Where(p => !p.Key.Equals(field.Name, StringComparison.OrdinalIgnoreCase)))
            content.Add(new StringContent(FormFill.Numbered(text)), key);
        var bytes = value.Encoded is { } encoded ? WebUtility.UrlDecodeToBytes(Encoding.ASCII.GetBytes(encoded), 0, encoded.Length) : Encoding.UTF8.GetBytes(value.Value);
        if (field.IsFile)
        {
            // The value is both the file's name (traversal, scripts) and its content (not an image, not a CSV).
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(file, field.Name, value.Value.Length is > 0 and < 200 ? value.Value.Replace('"', '\'').Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal) : "notes.txt");
        }
        else
        {
            content.Add(new ByteArrayContent(bytes), field.Name);
            foreach (var file in target.Fields.Where(f => f.IsFile))
                content.Add(new ByteArrayContent("id,name\n1,Heat pack\n"u8.ToArray()), file.Name, "list.csv");
        }
        content.Add(new StringContent(Token(target)), "__RequestVerificationToken");
        return new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = content };
    }

    private async Task WebhookAsync(Target target)
    {
        var completed = store.Stripe.EventsOfType("checkout.session.completed")[0].Json;
        string[][] paths =
        [
            ["id"], ["type"], ["data", "object", "id"], ["data", "object", "customer_details", "name"], ["data", "object", "customer_details", "email"],
            ["data", "object", "client_reference_id"], ["data", "object", "currency"], ["data", "object", "metadata", "checkout_id"],
            ["data", "object", "amount_total"], ["data", "object", "customer_details", "address", "line1"], ["api_version"],
        ];
        var n = 0;
        foreach (var path in paths)
            for (var i = 0; i < 3; i++)
            {
                var value = i == 0 ? NextScript() : NextValue();
                var json = JsonNode.Parse(completed)!;
                json["id"] = $"evt_hostile_{++n}_{Guid.NewGuid():N}";
                var parent = path[..^1].Aggregate(json, (node, key) => node[key] ?? (node[key] = new JsonObject()));
                parent[path[^1]] = Placeholder;
                // Numbers go in as JSON numbers where they are one; everything else as a string, escaped by hand so
                // that a lone surrogate stays one (a JSON writer would refuse it).
                var literal = value.Category == "number" && IsJsonNumber(value.Value) ? value.Value : "\"" + JsonEscape(value.Encoded ?? value.Value) + "\"";
                var text = json.ToJsonString().Replace("\"" + Placeholder + "\"", literal, StringComparison.Ordinal);
                await SendAsync(target, $"{string.Join('.', path)} = {value}", () => Signed(text), [value]);
            }
        var id = $"evt_hostile_shape_{Guid.NewGuid():N}";
        foreach (var (what, body) in new[]
        {
            ("id as an array", $"{{\"id\": [\"{id}\"], \"object\": \"event\", \"type\": \"charge.refunded\"}}"),
            ("type as an object", $"{{\"id\": \"{id}\", \"object\": \"event\", \"type\": {{\"$gt\": \"\"}}}}"),
            ("data as a string", $"{{\"id\": \"{id}\", \"object\": \"event\", \"type\": \"checkout.session.completed\", \"data\": \"x\"}}"),
            ("a JSON array", "[1, 2, 3]"), ("an empty body", ""), ("nested a thousand deep", new string('[', 1000) + new string(']', 1000)),
            ("a body over the limit", $"{{\"id\": \"{id}\", \"pad\": \"{new string('p', 600_000)}\"}}"),
        })
            await SendAsync(target, what, () => Signed(body));
        await SendAsync(target, "a form, not JSON", () => Post(target.Url, "id=evt_1&type=charge.refunded", "application/x-www-form-urlencoded"));
    }

    /// <summary>
    /// Tables a request may write to whatever it is and however it is answered: attempts counted for rate limits
    /// (shared by every module and counted before the answer is known), and the 404 log, which counts every address
    /// that answered 404 (path only) so staff can redirect it.
    /// </summary>
    private static readonly HashSet<string> WrittenByEveryModule = new(StringComparer.Ordinal) { "siteservices.throttle_counts", "editorial.not_found_paths" };

    /// <summary>
    /// The schema of the module an endpoint belongs to (from the assembly of its page model or handler; Identity's
    /// own pages belong to Accounts; the host and the Stripe emulator own none), and the schemas of the modules it
    /// may call: those whose Contracts assembly it references, and those that answer a question its own Contracts
    /// declare (Accounts' IAccountNewsletter is answered by Subscribers, which Accounts must not reference).
    /// </summary>
    private static (string Module, HashSet<string> Reaches) ModuleOf(EndpointCase endpoint)
    {
        var assembly = endpoint.Page?.ModelTypeInfo?.Assembly ?? endpoint.Page?.HandlerTypeInfo.Assembly
                       ?? endpoint.Endpoint.Metadata.OfType<System.Reflection.MethodInfo>().FirstOrDefault()?.DeclaringType?.Assembly;
        var name = assembly?.GetName().Name ?? "";
        if (name.StartsWith("Microsoft.AspNetCore.Identity", StringComparison.Ordinal))
            assembly = typeof(FibroStore.Accounts.AccountsModule).Assembly;
        static string? SchemaOf(string assemblyName) =>
            assemblyName.StartsWith("FibroStore.", StringComparison.Ordinal) ? assemblyName["FibroStore.".Length..].Replace(".Contracts", "", StringComparison.Ordinal).ToLowerInvariant() : null;
        var reaches = (assembly?.GetReferencedAssemblies() ?? [])
            .Select(a => a.Name ?? "").Where(n => n.EndsWith(".Contracts", StringComparison.Ordinal)).Select(SchemaOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
        reaches.UnionWith(AnsweringModules(assembly?.GetName().Name).Select(SchemaOf).OfType<string>());
        return (SchemaOf(assembly?.GetName().Name ?? "") ?? name, reaches);
    }

    private static IEnumerable<string> AnsweringModules(string? moduleAssembly)
    {
        var contracts = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == $"{moduleAssembly}.Contracts");
        if (contracts is null)
            return [];
        var ports = contracts.GetExportedTypes().Where(t => t.IsInterface).ToHashSet();
        return AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name is { } n && n.StartsWith("FibroStore.", StringComparison.Ordinal) && n != moduleAssembly
                        && !n.EndsWith(".Contracts", StringComparison.Ordinal) && a.GetReferencedAssemblies().Any(r => r.Name == contracts.GetName().Name))
            .Where(a => a.GetTypes().Any(t => t.GetInterfaces().Any(ports.Contains)))
            .Select(a => a.GetName().Name!);
    }

    private int lastStatus;
    private const string FilledIn = "the form as filled in";

    /// <summary>What the page said when it refused the form as a person fills it in.</summary>
    public SortedDictionary<string, string> FilledFormErrors { get; } = new(StringComparer.Ordinal);

    /// <summary>How each post answered the form as a person fills it in (before any hostile value).</summary>
    public SortedDictionary<string, int> FilledFormAnswers { get; } = new(StringComparer.Ordinal);

    private const string Placeholder = "hostile-value-goes-here";

    private static bool IsJsonNumber(string text) =>
        System.Text.RegularExpressions.Regex.IsMatch(text, @"^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$");

    private static string JsonEscape(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '"' or '\\') builder.Append('\\').Append(c);
            else if (c < ' ' || char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) && !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(text[i - 1])))
                builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            else builder.Append(c);
        }
        return builder.ToString();
    }

    private static HttpRequestMessage Signed(string json)
    {
        var stamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData("whsec_fibrostore_emulator"u8.ToArray(), Encoding.UTF8.GetBytes($"{stamp}.{json}")));
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", $"t={stamp},v1={signature}");
        return request;
    }

    /// <summary>
    /// Sends one request as the target's role (or <paramref name="outsider"/>, a role the page refuses) and checks the
    /// answer: below 500; when refused (4xx, or an outsider sent to sign in), no table written but the throttle's;
    /// when taken, tables written only in the endpoint's own module (its schema) and the shared ones every module uses.
    /// </summary>
    private async Task SendAsync(Target target, string what, Func<HttpRequestMessage> build, HostileValue[]? values = null, string? outsider = null)
    {
        HttpRequestMessage built;
        try
        {
            built = build();
        }
        // A few values cannot even be put into a request by .NET's HTTP client (a file name it refuses): nothing to send.
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            return;
        }
        using var request = built;
        request.Headers.Add("X-Forwarded-For", $"10.{++clientNumber / 65536 % 256}.{clientNumber / 256 % 256}.{clientNumber % 256}");
        Requests++;
        foreach (var value in values ?? [])
            usedValues.Add(value);
        var role = outsider ?? target.Role;
        HttpStatusCode status;
        string body;
        var toSignIn = false;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            using var response = await store.Visitors[role].Client.Http.SendAsync(request);
            status = response.StatusCode;
            toSignIn = response.Headers.Location?.OriginalString.Contains("/Identity/Account/Login", StringComparison.OrdinalIgnoreCase) == true;
            body = (int)status >= 500 || (what == FilledIn && (int)status >= 400) ? await response.Content.ReadAsStringAsync() : "";
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Failures.Add($"{target.Case.Key} as {role}, {what}: the request failed in the server ({ex.GetType().Name}: {First(ex.Message)})");
            await watch.ResetAsync();
            return;
        }
        Statuses[(int)status / 100] = Statuses.GetValueOrDefault((int)status / 100) + 1;
        lastStatus = (int)status;
        if (what == FilledIn && (int)status >= 400)
            FilledFormErrors[target.Case.Key] = string.Join(" | ", new AngleSharp.Html.Parser.HtmlParser().ParseDocument(body)
                .QuerySelectorAll(".field-validation-error, .error-summary li, .validation-summary-errors li").Select(e => e.TextContent.Trim()).Where(t => t.Length > 0).Distinct().Take(4));
        SlowRequests.Add((System.Diagnostics.Stopwatch.GetElapsedTime(started), $"{target.Case.Key} {what}"));
        if (SlowRequests.Count > 20) SlowRequests.Remove(SlowRequests.MinBy(r => r.Took));
        if ((int)status >= 500)
            Failures.Add($"{target.Case.Key} as {role}, {what}: answered {(int)status}; {LastError()}");
        if (outsider is not null && !(toSignIn || (int)status is 401 or 403 or 404))
            Failures.Add($"{target.Case.Key} as {role}, {what}: answered {(int)status}, not a refusal");
        var refused = outsider is not null || (int)status is >= 400 and < 500;
        var (module, reaches) = ModuleOf(target.Case);
        var wrong = (await watch.AfterAsync())
            .Where(w => !WrittenByEveryModule.Contains(w.Table) && (refused || (w.Schema != module && !reaches.Contains(w.Schema))))
            .ToList();
        if (wrong.Count > 0)
            Failures.Add($"{target.Case.Key} as {role}, {what}: answered {(int)status} and wrote to {string.Join(", ", wrong)}" +
                         (refused ? "" : $" (outside {module} and the modules it has contracts with)"));
    }

    private string LastError() => store.Exceptions.LastOrDefault() ?? "no exception logged";

    private static string First(string text) => text.Split('\n')[0] is var line && line.Length > 300 ? line[..300] : text.Split('\n')[0];

    /// <summary>After each endpoint: a role that lost its session or its rank (signed out, a role change) gets a fresh account.</summary>
    private async Task KeepVisitorsAsync(string role)
    {
        var visitor = store.Visitors[role];
        var probe = role switch
        {
            "Stranger" => null,
            "Shopper" => "/Identity/Account/Manage",
            StaffRoles.Editor => "/staff/articles",
            StaffRoles.Merchandiser => "/staff/catalog/products",
            _ => "/staff/settings",
        };
        bool fine;
        if (probe is null)
            fine = !(await visitor.Client.GetPageAsync("/session/state")).Contains("\"signedIn\":true", StringComparison.Ordinal);
        else
        {
            using var response = await visitor.Client.GetAsync(probe);
            fine = response.StatusCode == HttpStatusCode.OK;
        }
        if (fine) return;
        store.Visitors[role] = await store.NewVisitorAsync(role);
        await watch.ResetAsync();
    }

    private string Token(Target target) => store.Visitors[target.Role].Token;

    private async Task<string> ReplyStampAsync()
    {
        using var stamp = System.Text.Json.JsonDocument.Parse(await store.Visitors["Stranger"].Client.GetPageAsync("/articles/reply-stamp"));
        return stamp.RootElement.GetProperty("stamp").GetString()!;
    }

    private HttpRequestMessage WithHeaderToken(Target target, HttpRequestMessage request)
    {
        request.Headers.TryAddWithoutValidation("RequestVerificationToken", Token(target));
        return request;
    }

    private static HttpRequestMessage Get(string url, bool stripeKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (stripeKey) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", StripeKey);
        return request;
    }

    private static HttpRequestMessage Post(string url, string body, string contentType, bool stripeKey = false) =>
        Bytes(url, Encoding.UTF8.GetBytes(body), contentType, stripeKey);

    private static HttpRequestMessage Bytes(string url, byte[] body, string? contentType, bool stripeKey)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        if (stripeKey) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", StripeKey);
        return request;
    }

    private static string Separator(string url) => url.Contains('?', StringComparison.Ordinal) ? "&" : "?";

    private static bool IsEmulatorApi(EndpointCase endpoint) => endpoint.Route.StartsWith("stripe-emulator/v1", StringComparison.Ordinal);

    /// <summary>
    /// The Stripe emulator's API takes the parameters Stripe.net sends, which no page shows; these are the ones the
    /// store sends (form-encoded, as Stripe's API takes them), with values that work.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string>> EmulatorFields(EndpointCase endpoint) => endpoint.Key switch
    {
        "POST /stripe-emulator/v1/checkout/sessions" =>
        [
            new("mode", "payment"), new("customer_email", "ada@example.org"), new("client_reference_id", Guid.NewGuid().ToString()),
            new("success_url", "http://localhost/checkout/complete?session_id={CHECKOUT_SESSION_ID}"), new("cancel_url", "http://localhost/cart"),
            new("line_items[0][price_data][currency]", "usd"), new("line_items[0][price_data][unit_amount]", "1800"),
            new("line_items[0][price_data][product_data][name]", "Wheat bag"), new("line_items[0][quantity]", "1"),
            new("shipping_options[0][shipping_rate_data][display_name]", "Standard"), new("shipping_options[0][shipping_rate_data][type]", "fixed_amount"),
            new("shipping_options[0][shipping_rate_data][fixed_amount][amount]", "450"), new("shipping_options[0][shipping_rate_data][fixed_amount][currency]", "usd"),
            new("shipping_address_collection[allowed_countries][0]", "GB"), new("metadata[checkout_id]", Guid.NewGuid().ToString()),
        ],
        "POST /stripe-emulator/v1/coupons" => [new("amount_off", "500"), new("currency", "usd"), new("duration", "once"), new("name", "Welcome")],
        "POST /stripe-emulator/v1/refunds" => [new("payment_intent", "pi_unknown"), new("amount", "100"), new("metadata[order]", "FS-1")],
        "POST /stripe-emulator/v1/checkout/sessions/{id}/expire" => [new("expand[0]", "line_items")],
        "GET /stripe-emulator/v1/checkout/sessions/{id}" => [new("expand[0]", "line_items")],
        "GET /stripe-emulator/v1/checkout/sessions/{id}/line_items" => [new("limit", "10"), new("starting_after", "li_1")],
        _ => [],
    };
}
