namespace FibroStore.Editorial.Rendering;

internal static partial class Slugs
{
    public const int MaxLength = 80;
    public const string Pattern = "^[a-z0-9]+(-[a-z0-9]+)*$";
    public const string Rule = "Use lowercase letters, digits and single hyphens only, like living-with-fibro-fog.";

    /// <summary>A URL-safe slug from any title: accents dropped, words joined by hyphens.</summary>
    public static string From(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(normalized.Length);
        var hyphen = false;
        foreach (var c in normalized)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var lower = char.ToLowerInvariant(c);
            if (char.IsAsciiLetterOrDigit(lower))
            {
                if (hyphen && builder.Length > 0) builder.Append('-');
                builder.Append(lower);
                hyphen = false;
            }
            else
            {
                hyphen = true;
            }
            if (builder.Length >= MaxLength) break;
        }
        return builder.ToString().Trim('-');
    }

    public static bool IsValid(string slug) => slug.Length <= MaxLength && Valid().IsMatch(slug);

    [GeneratedRegex(Pattern)]
    private static partial Regex Valid();
}
