using FibroStore.SharedKernel.Messaging;

namespace FibroStore.Editorial.Contracts;

/// <summary>Where an information page lives: the store's own four at the root, every other one under /pages/.</summary>
public static class InformationPagePaths
{
    public static readonly IReadOnlyList<string> BuiltIn = ["privacy", "terms", "shipping", "returns"];

    public static string For(string slug) => BuiltIn.Contains(slug) ? $"/{slug}" : $"/pages/{slug}";
}

public sealed record InformationPageState(string Slug, string Title, DateTimeOffset UpdatedAt);

/// <summary>Reads the information pages for another module (the WordPress import checks what is there before it sends pages).</summary>
public interface IInformationPages
{
    Task<IReadOnlyDictionary<string, InformationPageState>> FindAsync(IReadOnlyCollection<string> slugs, CancellationToken ct);
}

/// <summary>
/// Another module supplies an information page (an About page brought from WordPress). BackOffice creates it when no
/// page has the slug; with <paramref name="ReplaceIfUnchangedSince"/> it replaces an existing page only if nobody
/// changed it after that moment, so an edit made here in the meantime is never overwritten. The HTML is sanitized
/// again when the page is shown.
/// </summary>
public sealed record InformationPageSupplied(
    string Slug,
    string Title,
    string Html,
    DateTimeOffset? ReplaceIfUnchangedSince,
    DateTimeOffset At) : IntegrationEvent;
