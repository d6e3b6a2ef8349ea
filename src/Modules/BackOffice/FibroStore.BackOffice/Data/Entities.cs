namespace FibroStore.BackOffice.Data;

/// <summary>A staff-editable information page (privacy, terms, shipping, returns).</summary>
internal sealed class SitePage
{
    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";
    public string Markdown { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}
