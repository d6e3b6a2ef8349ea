namespace FibroStore.SharedKernel.Data;

/// <summary>
/// A LIKE pattern that finds typed text anywhere in a column (or at its start), with LIKE's wildcards (<c>%</c>,
/// <c>_</c>) and its escape character (<c>\</c>) taken as the letters they are: a search for "100%" must not match
/// everything. The escape is PostgreSQL's default one too, so LIKE without an ESCAPE clause reads it the same way.
/// </summary>
public static class LikePattern
{
    /// <summary>The escape character the pattern is written for; pass it to LIKE/ILIKE.</summary>
    public const string Escape = "\\";

    public static string Containing(string text) => "%" + Literal(text) + "%";

    public static string StartingWith(string text) => Literal(text) + "%";

    private static string Literal(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
