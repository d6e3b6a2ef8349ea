namespace FibroStore.Editorial.Pages.Staff.Redirects;

/// <summary>How both lists of the redirects manager (redirects, 404 log) read their search box and page number.</summary>
internal static class RedirectListing
{
    public const int PageSize = 100;

    /// <summary>No stored address is longer, so longer text could never match.</summary>
    public const int SearchMaxLength = Data.Configurations.RedirectConfiguration.PathLength;

    /// <summary>The text to look for: trimmed and cut to <see cref="SearchMaxLength"/>; null when there is none.</summary>
    public static string? Search(string? typed)
    {
        var text = typed?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (text.Length <= SearchMaxLength) return text;
        // Never cut between the two halves of a surrogate pair: a lone half cannot be sent to PostgreSQL.
        var cut = char.IsHighSurrogate(text[SearchMaxLength - 1]) ? SearchMaxLength - 1 : SearchMaxLength;
        return text[..cut].TrimEnd();
    }

    /// <summary>The page asked for in <c>?p=</c>; anything that is not a whole number reads as the first page.</summary>
    public static int RequestedPage(string? p) =>
        long.TryParse(p, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var page) ? (int)Math.Clamp(page, 0, int.MaxValue) : 1;

    /// <summary>The page to show: the one asked for, moved into the pages there are (the last when asked for one past it).</summary>
    public static (int PageNumber, int PageCount) Clamp(int requested, int matching)
    {
        var pageCount = Math.Max(1, (matching + PageSize - 1) / PageSize);
        return (Math.Clamp(requested, 1, pageCount), pageCount);
    }
}
