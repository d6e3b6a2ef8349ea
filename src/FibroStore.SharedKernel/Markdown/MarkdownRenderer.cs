using Ganss.Xss;
using Markdig;

namespace FibroStore.SharedKernel.Markdown;

/// <summary>
/// The one pipeline every piece of user-written text goes through: Markdown (or imported HTML) in,
/// sanitized HTML out. Nothing reaches a page without passing <see cref="Sanitize"/>.
/// </summary>
public interface IMarkdownRenderer
{
    string ToSafeHtml(string markdown);
    string Sanitize(string html);
    string ToPlainText(string markdown);
}

internal sealed class MarkdownRenderer : IMarkdownRenderer
{
    private readonly MarkdownPipeline pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .Build();

    private readonly MarkdownPipeline plainPipeline = new MarkdownPipelineBuilder().Build();

    public string ToSafeHtml(string markdown) => Sanitize(Markdig.Markdown.ToHtml(markdown ?? "", pipeline));

    public string ToPlainText(string markdown) => Markdig.Markdown.ToPlainText(markdown ?? "", plainPipeline).Trim();

    // HtmlSanitizer instances are not documented as thread-safe, so each call gets its own.
    public string Sanitize(string html) => CreateSanitizer().Sanitize(html ?? "");

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in new[] { "http", "https", "mailto" })
            sanitizer.AllowedSchemes.Add(scheme);
        sanitizer.AllowedAttributes.Add("id");
        sanitizer.AllowedAttributes.Add("class");
        sanitizer.AllowedAttributes.Add("aria-label");
        sanitizer.AllowedAttributes.Add("aria-hidden");
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowDataAttributes = false;
        sanitizer.AllowedCssProperties.Clear();
        return sanitizer;
    }
}
