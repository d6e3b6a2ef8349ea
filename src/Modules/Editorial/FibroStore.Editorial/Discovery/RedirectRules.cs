using FibroStore.Editorial.Data.Configurations;
using Microsoft.AspNetCore.Routing;

namespace FibroStore.Editorial.Discovery;

/// <summary>
/// What a redirect made by hand must be: from an address of this site that no longer answers, to an address of this
/// site (never another site: an open redirect would lend the store's name to anyone's link), and never back to
/// itself through any chain of redirects, the shop's included.
/// </summary>
internal sealed class RedirectRules(EditorialDbContext db, IShopRedirects shop, EndpointDataSource endpoints)
{
    private const int LongestChain = 20;

    /// <summary>The manager's form fields, where each refusal is shown.</summary>
    public const string FromField = "Add.From", ToField = "Add.To";

    /// <summary>The stored source, or the reason it cannot be one.</summary>
    public static Outcome<string> Source(string? typed)
    {
        var text = (typed ?? "").Trim();
        if (text.Length == 0) return Refusal.Invalid("Enter the old address, such as /old-page.", FromField);
        if (LocalProblem(text) is { } problem) return Refusal.Invalid(problem, FromField);
        if (text.IndexOfAny(['?', '#']) >= 0) return Refusal.Invalid("Enter the old address without ? or # and what follows.", FromField);
        return OldAddresses.Normalize(text) is { } path
            ? path
            : Refusal.Invalid("The home page is always live, so a redirect from it would never be used.", FromField);
    }

    /// <summary>
    /// The target as typed, trimmed, with any character a URL cannot carry percent-encoded (a Location header takes
    /// ASCII only, so "/café" is sent as "/caf%C3%A9"); or the reason it cannot be one.
    /// </summary>
    public static Outcome<string> Target(string? typed)
    {
        var text = (typed ?? "").Trim();
        if (text.Length == 0) return Refusal.Invalid("Enter the new address, such as /articles/pacing.", ToField);
        if (LocalProblem(text) is { } problem) return Refusal.Invalid(problem, ToField);
        var encoded = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || "-._~:/?#[]@!$&'()*+,;=%".Contains((char)rune.Value)))
                encoded.Append((char)rune.Value);
            else
                encoded.Append(Uri.EscapeDataString(rune.ToString()));
        }
        return encoded.Length > RedirectConfiguration.PathLength
            ? Refusal.Invalid($"Keep the address under {RedirectConfiguration.PathLength} characters.", ToField)
            : encoded.ToString();
    }

    /// <summary>Whether a redirect from <paramref name="source"/> to <paramref name="target"/> may be added now.</summary>
    public async Task<Outcome> CheckAsync(string source, string target, CancellationToken ct)
    {
        if (await db.Redirects.AnyAsync(r => r.FromPath == source, ct) || await shop.FindAsync(source, ct) is not null)
            return Refusal.Invalid($"There is already a redirect from {source}. Remove it first if you want it to lead somewhere else.", FromField);
        if (await IsLivePageAsync(source, ct))
            return Refusal.Invalid($"{source} is a live page of this store, so a redirect from it would never be used. Choose an address that no longer answers.", FromField);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var next = PathOf(target); next is not null && seen.Add(next) && seen.Count <= LongestChain; next = await NextAsync(next, ct))
        {
            if (next == source)
                return Refusal.Invalid(seen.Count == 1
                    ? "The new address is the same as the old one. Choose a different page."
                    : $"That would make a loop: {target} already leads back to {source}. Choose the page people should end up on.", ToField);
        }
        return seen.Count > LongestChain
            ? Refusal.Invalid($"{target} goes through more than {LongestChain} redirects. Choose the page people should end up on.", ToField)
            : Outcome.Done;
    }

    /// <summary>A path no redirect can stand in front of: a page of the store that answers today.</summary>
    public async Task<bool> IsLivePageAsync(string path, CancellationToken ct)
    {
        var fixedRoute = endpoints.Endpoints.OfType<RouteEndpoint>()
            .Any(e => e.RoutePattern.Parameters.Count == 0 && OldAddresses.Normalize("/" + (e.RoutePattern.RawText ?? "").TrimStart('/')) == path);
        if (fixedRoute) return true;
        var article = ArticleUrls.Article("");
        if (path.StartsWith(article, StringComparison.Ordinal) && path.IndexOf('/', article.Length) < 0)
        {
            var slug = path[article.Length..];
            if (await db.Articles.AnyAsync(a => a.Slug == slug && a.Status == ArticleStatus.Published, ct)) return true;
        }
        return await shop.IsLivePageAsync(path, ct);
    }

    /// <summary>Where a redirect from <paramref name="path"/> leads, in stored form; null when none does.</summary>
    private async Task<string?> NextAsync(string path, CancellationToken ct)
    {
        var row = await db.Redirects.AsNoTracking().Where(r => r.FromPath == path)
            .Select(r => new { r.TargetPath, Slug = db.Articles.Where(a => a.Id == r.ArticleId).Select(a => a.Slug).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        if (row is not null)
            return row.Slug is not null ? PathOf(ArticleUrls.Article(row.Slug)) : row.TargetPath is null ? null : PathOf(row.TargetPath);
        return (await shop.FindAsync(path, ct))?.TargetPath is { } shopTarget ? PathOf(shopTarget) : null;
    }

    /// <summary>A local address as a redirect's source would be stored: without query or fragment, lowercase, no trailing slash.</summary>
    private static string? PathOf(string address) =>
        OldAddresses.Normalize(address[..(address.IndexOfAny(['?', '#']) is var cut and >= 0 ? cut : address.Length)]) ?? "/";

    private static string? LocalProblem(string text)
    {
        if (text.Length > RedirectConfiguration.PathLength) return $"Keep the address under {RedirectConfiguration.PathLength} characters.";
        if (text.Any(char.IsControl) || text.Any(char.IsWhiteSpace)) return "An address cannot contain spaces or invisible characters.";
        if (text[0] != '/' || text.StartsWith("//", StringComparison.Ordinal) || text.Contains('\\', StringComparison.Ordinal))
            return "Enter an address on this site that starts with a single /, such as /articles/pacing. Addresses on other sites cannot be used.";
        return null;
    }
}
