using System.Security.Claims;
using FibroStore.Editorial.Import;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FibroStore.Editorial.Pages.Staff.Articles;

[RequestSizeLimit(MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes)]
public sealed class ImportWordPress(IMediator mediator) : PageModel
{
    public const long MaxUploadBytes = 512L * 1024 * 1024;

    [BindProperty] public IFormFile? Export { get; set; }
    [BindProperty] public IFormFile? Uploads { get; set; }
    public Report? Result { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Export is null || Export.Length == 0)
            ModelState.AddModelError(nameof(Export), "Choose the WordPress export file (.xml) to import.");
        if (!ModelState.IsValid) return Page();
        await using var wxr = Export!.OpenReadStream();
        await using var zip = Uploads is { Length: > 0 } ? Uploads.OpenReadStream() : null;
        var outcome = await mediator.Send(new Run(wxr, zip, User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown"), ct);
        if (outcome.Error is not null)
        {
            ModelState.AddModelError(nameof(Export), outcome.Error);
            return Page();
        }
        Result = outcome.Report;
        return Page();
    }

    public sealed record Report(int ArticlesImported, int ArticlesAlreadyThere, int RepliesImported, int Redirects, int ItemsSkipped, int ImagesStored, IReadOnlyList<string> ImagesMissing);
    public sealed record Outcome(Report? Report, string? Error);
    public sealed record Run(Stream Export, Stream? Uploads, string ActorId) : ICommand<Outcome>;

    internal sealed class Handler(WxrImporter importer) : ICommandHandler<Run, Outcome>
    {
        public async ValueTask<Outcome> Handle(Run command, CancellationToken cancellationToken)
        {
            try
            {
                var r = await importer.ImportAsync(command.Export, command.Uploads, command.ActorId, cancellationToken);
                return new Outcome(new Report(r.ArticlesImported, r.ArticlesAlreadyThere, r.RepliesImported, r.Redirects, r.ItemsSkipped, r.ImagesStored, r.ImagesMissing), null);
            }
            catch (WxrImportException ex)
            {
                return new Outcome(null, ex.Message);
            }
        }
    }
}
