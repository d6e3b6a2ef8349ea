using System.ComponentModel.DataAnnotations;
using FibroStore.Editorial.Data.Configurations;
using FibroStore.SharedKernel.Images;

namespace FibroStore.Editorial.Pages.Staff.Articles;

public sealed partial class EditArticle(IMediator mediator, IImageProcessor images) : PageModel
{
    /// <summary>The processor refuses files over 10 MB with a message; the request limit leaves room for the rest of the form.</summary>
    private const long UploadRequestLimit = 12 * 1024 * 1024;
    private const string ArticleImageFolder = "editorial/images";

    [BindProperty(SupportsGet = true)] public Guid? Id { get; set; }
    [BindProperty] public ArticleForm Input { get; set; } = new();
    [BindProperty] public ImageUpload Upload { get; set; } = new();
    public string? UploadedSnippet { get; private set; }
    public EditorState State { get; private set; } = EditorState.New;
    public IReadOnlyList<(Guid Id, string Name)> Categories { get; private set; } = [];
    public PreviewResult? Preview { get; private set; }
    public IReadOnlyList<string> Warnings { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? saved, CancellationToken ct)
    {
        var loaded = await mediator.Send(new Load(Id), ct);
        if (loaded is null) return NotFound();
        (Input, State, Categories) = (loaded.Form, loaded.State, loaded.Categories);
        if (Input.AuthorName.Length == 0)
            Input.AuthorName = User.StaffName();
        Message = saved;
        return Page();
    }

    /// <summary>The live preview: editorial.js posts the form here while the editor types; without scripts the button does.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        var preview = await mediator.Send(new RenderPreview(Input.Markdown ?? "", Input.References ?? ""), ct);
        if (Request.Headers["X-Requested-With"] == "fetch")
            return Partial("_EditorPreview", preview);
        ModelState.Clear();
        Preview = preview;
        return await ReloadAsync(ct);
    }

    /// <summary>
    /// The upload button posts the whole editor form, so unsaved text survives: the picture is stored, its Markdown is
    /// added to the end of the text, and the form comes back unsaved for the editor to move the line and save.
    /// </summary>
    [RequestSizeLimit(UploadRequestLimit)]
    [RequestFormLimits(MultipartBodyLengthLimit = UploadRequestLimit)]
    public async Task<IActionResult> OnPostUploadImageAsync(CancellationToken ct)
    {
        // Only the upload's own fields matter here; the article's are checked when it is saved.
        ModelState.Clear();
        var alt = Upload.Alt?.Trim() ?? "";
        if (Upload.Image is not { Length: > 0 })
            ModelState.AddModelError($"{nameof(Upload)}.{nameof(ImageUpload.Image)}", "Choose a picture to upload.");
        if (alt.Length == 0)
            ModelState.AddModelError($"{nameof(Upload)}.{nameof(ImageUpload.Alt)}", "Describe the picture for people who cannot see it (alt text).");
        else if (alt.Length > Limits.Title)
            ModelState.AddModelError($"{nameof(Upload)}.{nameof(ImageUpload.Alt)}", $"Keep the description under {Limits.Title} characters.");
        if (ModelState.IsValid)
        {
            try
            {
                await using var stream = Upload.Image!.OpenReadStream();
                var processed = await images.ProcessAsync(stream, ArticleImageFolder, ct);
                UploadedSnippet = MarkdownImage(alt, processed.Largest.Url);
                Input.Markdown = string.IsNullOrWhiteSpace(Input.Markdown) ? UploadedSnippet : $"{Input.Markdown.TrimEnd()}\n\n{UploadedSnippet}\n";
                Upload = new ImageUpload();
            }
            catch (InvalidImageException ex)
            {
                ModelState.AddModelError($"{nameof(Upload)}.{nameof(ImageUpload.Image)}", ex.Message);
            }
        }
        return await ReloadAsync(ct);
    }

    /// <summary>Brackets would end the alt text early, so they are escaped as Markdown expects.</summary>
    private static string MarkdownImage(string alt, string url) =>
        $"![{alt.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal)}]({url})";

    public async Task<IActionResult> OnPostAsync(string intent, CancellationToken ct)
    {
        if (!Enum.TryParse<SaveIntent>(intent, ignoreCase: true, out var saveIntent))
            ModelState.AddModelError("", "Choose how to save the article.");
        if (ModelState.IsValid)
        {
            var outcome = await mediator.Send(new Save(Id, Input, saveIntent, User.StaffId()), ct);
            if (outcome.IsDone)
            {
                var saved = outcome.Value;
                var note = saved.Warnings.Count == 0 ? SavedMessage(saveIntent) : $"{SavedMessage(saveIntent)} {string.Join(" ", saved.Warnings)}";
                return RedirectToPage(new { id = saved.Id, saved = note });
            }
            this.Show(outcome.Refusal);
        }
        return await ReloadAsync(ct);
    }

    private async Task<IActionResult> ReloadAsync(CancellationToken ct)
    {
        var loaded = await mediator.Send(new Load(Id), ct);
        if (loaded is null) return NotFound();
        (State, Categories) = (loaded.State, loaded.Categories);
        return Page();
    }

    private static string SavedMessage(SaveIntent intent) => intent switch
    {
        SaveIntent.Publish => "Published.",
        SaveIntent.Schedule => "Scheduled.",
        SaveIntent.Unpublish => "Unpublished: readers no longer see it.",
        _ => "Saved.",
    };

    public enum SaveIntent { Save, Publish, Schedule, Unpublish }

    public sealed record EditorState(string Status, string? PreviewUrl, string? LiveUrl, DateTimeOffset? PublishAt, int Revisions, bool IsNew)
    {
        public static readonly EditorState New = new("Draft", null, null, null, 0, true);
    }

    public sealed class ArticleForm
    {
        [Required(ErrorMessage = "Give the article a title.")]
        [StringLength(Limits.Title, ErrorMessage = "The title can be at most {1} characters.")]
        public string Title { get; set; } = "";

        [StringLength(Slugs.MaxLength, ErrorMessage = "The slug can be at most {1} characters.")]
        [RegularExpression(Slugs.Pattern, ErrorMessage = Slugs.Rule)]
        [Display(Name = "Slug")]
        public string? Slug { get; set; }

        [Required(ErrorMessage = "Write a short excerpt: it shows in lists, feeds and search results.")]
        [StringLength(Limits.Excerpt, ErrorMessage = "The excerpt can be at most {1} characters.")]
        public string Excerpt { get; set; } = "";

        [Required(ErrorMessage = "The article needs some text.")]
        [StringLength(Limits.Markdown, ErrorMessage = "The text can be at most {1} characters.")]
        public string? Markdown { get; set; } = "";

        [StringLength(Limits.References, ErrorMessage = "The references can be at most {1} characters.")]
        public string? References { get; set; } = "";

        [StringLength(Limits.Title, ErrorMessage = "The SEO title can be at most {1} characters.")]
        public string? SeoTitle { get; set; }

        [StringLength(Limits.Excerpt, ErrorMessage = "The SEO description can be at most {1} characters.")]
        public string? SeoDescription { get; set; }

        [StringLength(Limits.Url, ErrorMessage = "The image address can be at most {1} characters.")]
        public string? ImageUrl { get; set; }

        [StringLength(Limits.Title, ErrorMessage = "The image description can be at most {1} characters.")]
        public string? ImageAlt { get; set; }

        [Required(ErrorMessage = "Choose a category.")]
        public Guid? CategoryId { get; set; }

        [Display(Name = "Also list it under")]
        public List<Guid>? OtherCategoryIds { get; set; } = [];

        [StringLength(500, ErrorMessage = "The tags can be at most {1} characters in all.")]
        public string? Tags { get; set; }

        [Required(ErrorMessage = "Name the author.")]
        [StringLength(Limits.Name, ErrorMessage = "The author's name can be at most {1} characters.")]
        public string AuthorName { get; set; } = "";

        [DataType(DataType.Date)]
        public DateOnly? LastReviewedOn { get; set; }

        [StringLength(Limits.Name, ErrorMessage = "The reviewer's name can be at most {1} characters.")]
        public string? ReviewedBy { get; set; }

        public bool ShowDisclaimer { get; set; } = true;
        public bool SendToSubscribers { get; set; }
        public bool RepliesClosed { get; set; }

        /// <summary>In the store's time zone, as a datetime-local field sends it.</summary>
        public DateTime? PublishAt { get; set; }
    }

    public sealed class ImageUpload
    {
        [Display(Name = "Picture")]
        public IFormFile? Image { get; set; }

        [Display(Name = "Picture description (alt text)")]
        public string? Alt { get; set; }
    }

    public sealed record PreviewResult(string Html, string ReferencesHtml, IReadOnlyList<(int Level, string Id, string Text)> Toc, IReadOnlyList<string> Warnings);
}
