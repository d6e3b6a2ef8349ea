using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace FibroStore.StripeEmulator.Api;

/// <summary>
/// Stripe's bracketed form encoding (<c>line_items[0][price_data][currency]=usd</c>), as Stripe.net writes it, read
/// back by key path.
/// </summary>
internal sealed class StripeParams(IReadOnlyDictionary<string, string> values)
{
    public IReadOnlyDictionary<string, string> Values => values;

    public static async Task<StripeParams> ReadAsync(HttpRequest request)
    {
        IEnumerable<KeyValuePair<string, StringValues>> source =
            request.HasFormContentType ? await request.ReadFormAsync() : request.Query;
        return new StripeParams(source.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal));
    }

    public string? String(string key) => values.TryGetValue(key, out var v) && v.Length > 0 ? v : null;

    public string RequiredString(string key) => String(key) ?? throw StripeApiException.Missing(key);

    public long? Long(string key)
    {
        var text = String(key);
        if (text is null)
            return null;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw StripeApiException.InvalidInteger(key, text);
    }

    public decimal? Decimal(string key)
    {
        var text = String(key);
        if (text is null)
            return null;
        return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw StripeApiException.Invalid(key, $"Invalid decimal: {text}", "parameter_invalid_string");
    }

    public bool? Bool(string key) => String(key) switch
    {
        null => null,
        "true" => true,
        "false" => false,
        var other => throw StripeApiException.Invalid(key, $"Invalid boolean: {other}"),
    };

    /// <summary>A hash such as metadata: <c>prefix[key]=value</c>.</summary>
    public Dictionary<string, string> Map(string prefix)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            if (key.Length > prefix.Length + 2 && key.StartsWith(prefix + "[", StringComparison.Ordinal) && key.EndsWith(']')
                && key.IndexOf('[', prefix.Length + 1) < 0)
                map[key[(prefix.Length + 1)..^1]] = value;
        }
        return map;
    }

    /// <summary>The element prefixes of an array (<c>prefix[0]</c>, <c>prefix[1]</c>…), in index order.</summary>
    public IReadOnlyList<string> Elements(string prefix)
    {
        var indexes = new SortedSet<int>();
        foreach (var key in values.Keys)
        {
            if (!key.StartsWith(prefix + "[", StringComparison.Ordinal))
                continue;
            var end = key.IndexOf(']', prefix.Length + 1);
            if (end > 0 && int.TryParse(key.AsSpan(prefix.Length + 1, end - prefix.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var i))
                indexes.Add(i);
        }
        return indexes.Select(i => string.Create(CultureInfo.InvariantCulture, $"{prefix}[{i}]")).ToList();
    }

    /// <summary>An array of strings, indexed as Stripe.net sends it or as <c>prefix[]</c> as curl users write it.</summary>
    public List<string> Strings(string prefix) =>
        Elements(prefix).Select(e => String(e)).OfType<string>()
            .Concat((String(prefix + "[]") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
            .ToList();

    public bool Has(string prefix) =>
        values.Keys.Any(k => k == prefix || k.StartsWith(prefix + "[", StringComparison.Ordinal));

    /// <summary>Stripe refuses parameters it does not know, so a typo in the store fails here as it would there.</summary>
    public void AllowOnly(params string[] topLevel)
    {
        foreach (var key in values.Keys)
        {
            var bracket = key.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? key : key[..bracket];
            if (!topLevel.Contains(name, StringComparer.Ordinal))
                throw StripeApiException.Unknown(name);
        }
    }

    /// <summary>Identical parameters, whatever their order: how an idempotent replay is told from a different request.</summary>
    public string Fingerprint() =>
        string.Join('&', values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
}
