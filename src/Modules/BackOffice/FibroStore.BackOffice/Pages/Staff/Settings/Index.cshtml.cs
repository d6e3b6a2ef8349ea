using System.ComponentModel.DataAnnotations;
using FibroStore.Accounts.Contracts;
using FibroStore.BackOffice.Forms;
using FibroStore.Ordering.Contracts;
using FibroStore.SharedKernel.Results;
using FibroStore.SharedKernel.Web;
using FibroStore.SiteServices.Contracts;

namespace FibroStore.BackOffice.Pages.Staff.Settings;

[RequiresRecentPassword]
public sealed class SettingsPage(IMediator mediator) : PageModel
{
    [BindProperty] public SettingsForm Input { get; set; } = new();
    public bool Saved { get; private set; }

    public async Task OnGetAsync(bool saved, CancellationToken ct)
    {
        Saved = saved;
        Input = await mediator.Send(new Load(), ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var links = SettingsForm.ParseLinks(Input.CommunityLinks, nameof(Input.CommunityLinks), ModelState);
        var sisters = SettingsForm.ParseLinks(Input.SisterSites, nameof(Input.SisterSites), ModelState);
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(Input.TimeZoneId, out _))
            ModelState.AddModelError("Input.TimeZoneId", "That time zone is not known. Use a name such as Europe/London or America/New_York.");
        if (Input.TaxMode == TaxMode.IncludedInPrices && string.IsNullOrWhiteSpace(Input.TaxName))
            ModelState.AddModelError("Input.TaxName", "Give the tax a name for receipts, such as VAT.");
        if (!ModelState.IsValid)
            return Page();

        var actor = User.StaffId();
        var outcome = await mediator.Send(new Save(Input, links, sisters, actor), ct);
        if (outcome.IsDone)
            return RedirectToPage(new { saved = true });
        // The form shows what is saved now, with its version, so sending it again works: the posted values (which the
        // fields would otherwise show) and their stale version are forgotten.
        ModelState.Clear();
        this.Show(outcome.Refusal);
        Input = await mediator.Send(new Load(), ct);
        return Page();
    }

    public sealed class SettingsForm
    {
        [Required, StringLength(80)] public string StoreName { get; set; } = "";
        [Required, StringLength(160)] public string Tagline { get; set; } = "";
        [Required, StringLength(2000)] public string AboutText { get; set; } = "";
        [Required, EmailAddress, StringLength(254)] public string ContactEmail { get; set; } = "";
        [Required, StringLength(400)] public string PostalAddress { get; set; } = "";
        [Required, StringLength(64)] public string TimeZoneId { get; set; } = "";
        [Required, StringLength(80)] public string EmailSenderName { get; set; } = "";
        [Required, EmailAddress, StringLength(254)] public string EmailSenderAddress { get; set; } = "";
        [StringLength(4000)] public string? CommunityLinks { get; set; }
        [StringLength(4000)] public string? SisterSites { get; set; }
        [StringLength(80)] public string? ShopCallToAction { get; set; }
        public bool ContentProtection { get; set; }
        [UnreadableValueMessage(ChooseOne)] public TaxMode TaxMode { get; set; }
        [Range(typeof(decimal), "0", "100", ErrorMessage = "The tax rate must be between 0 and 100 percent.")]
        [UnreadableValueMessage("Please enter the tax rate as a number, for example 13 or 5.5.")]
        public decimal TaxRatePercent { get; set; }
        [StringLength(40)] public string? TaxName { get; set; }
        [Range(0, 365, ErrorMessage = "The days to return an item must be between 0 and 365.")]
        [UnreadableValueMessage("Please enter the days to return an item as a whole number, for example 30.")]
        public int ReturnsDays { get; set; }
        [UnreadableValueMessage(ChooseOne)] public ReplyModeration ReplyModeration { get; set; }
        [Range(0, 20, ErrorMessage = "The link limit must be between 0 and 20.")]
        [UnreadableValueMessage("Please enter the link limit as a whole number, for example 2, or leave it empty.")]
        public int? ReplyMaxLinks { get; set; }
        // The staff sign-in fields are optional in a post: left out, they keep their saved values.
        [UnreadableValueMessage(ChooseOne)] public bool? StaffTwoStepRequired { get; set; }
        [Range(5, 720, ErrorMessage = "The time without activity must be between 5 and 720 minutes.")]
        [UnreadableValueMessage("Please enter the minutes without activity as a whole number, for example 30.")]
        public int? StaffIdleMinutes { get; set; }
        [Range(1, 168, ErrorMessage = "The longest session must be between 1 and 168 hours.")]
        [UnreadableValueMessage("Please enter the longest session in hours as a whole number, for example 12.")]
        public int? StaffSessionHours { get; set; }
        [UnreadableValueMessage(OutOfDate)] public int Version { get; set; }
        /// <summary>The version of the tax rule, which Ordering keeps apart from the other settings.</summary>
        [UnreadableValueMessage(OutOfDate)] public int TaxVersion { get; set; }

        private const string ChooseOne = "Please choose one of the options.";
        // The versions are hidden fields: only a damaged or hand-made form gets them wrong.
        private const string OutOfDate = "This form could not be read. Please open the settings page again and make your changes there.";

        internal static string FormatLinks(IEnumerable<SiteLink> links) =>
            string.Join('\n', links.Select(l => $"{l.Title} | {l.Url}"));

        /// <summary>One link per line as "Title | https://address".</summary>
        internal static List<SiteLink> ParseLinks(string? text, string field, Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state)
        {
            var links = new List<SiteLink>();
            var lines = (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            for (var i = 0; i < lines.Length; i++)
            {
                var parts = lines[i].Split('|', 2, StringSplitOptions.TrimEntries);
                if (parts.Length != 2 || parts[0].Length == 0 || parts[0].Length > 80
                    || !Uri.TryCreate(parts[1], UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
                {
                    state.AddModelError($"Input.{field}", $"Line {i + 1} should look like \"Title | https://example.org\".");
                    continue;
                }
                links.Add(new SiteLink(parts[0], uri.ToString()));
            }
            return links;
        }
    }

    public sealed record Load : IQuery<SettingsForm>;
    public sealed record Save(SettingsForm Form, IReadOnlyList<SiteLink> Community, IReadOnlyList<SiteLink> Sisters, string ActorId) : ICommand<Outcome>;

    /// <summary>
    /// One form over two owners: SiteServices keeps the site settings, Ordering the tax rule it applies. Each save is
    /// guarded by its own version; the tax is saved only when it changed.
    /// </summary>
    internal sealed class Handler(ISiteSettingsEditor settings, ITaxSettings tax) : IQueryHandler<Load, SettingsForm>, ICommandHandler<Save, Outcome>
    {
        public async ValueTask<SettingsForm> Handle(Load query, CancellationToken cancellationToken)
        {
            var (s, version) = await settings.LoadAsync(cancellationToken);
            var (t, taxVersion) = await tax.LoadAsync(cancellationToken);
            return new SettingsForm
            {
                StoreName = s.StoreName, Tagline = s.Tagline, AboutText = s.AboutText, ContactEmail = s.ContactEmail,
                PostalAddress = s.PostalAddress, TimeZoneId = s.TimeZoneId, EmailSenderName = s.EmailSenderName,
                EmailSenderAddress = s.EmailSenderAddress, CommunityLinks = SettingsForm.FormatLinks(s.CommunityLinks),
                SisterSites = SettingsForm.FormatLinks(s.SisterSites), ShopCallToAction = s.ShopCallToAction,
                ContentProtection = s.ContentProtection,
                TaxMode = t.TaxMode, TaxRatePercent = t.TaxRatePercent, TaxName = t.TaxName, ReturnsDays = s.ReturnsDays,
                ReplyModeration = s.ReplyModeration, ReplyMaxLinks = s.ReplyMaxLinks,
                StaffTwoStepRequired = s.StaffTwoStepRequired, StaffIdleMinutes = s.StaffIdleMinutes, StaffSessionHours = s.StaffSessionHours,
                Version = version, TaxVersion = taxVersion,
            };
        }

        public async ValueTask<Outcome> Handle(Save command, CancellationToken cancellationToken)
        {
            var (current, _) = await settings.LoadAsync(cancellationToken);
            var f = command.Form;
            var updated = current with
            {
                StoreName = f.StoreName, Tagline = f.Tagline, AboutText = f.AboutText, ContactEmail = f.ContactEmail,
                PostalAddress = f.PostalAddress, TimeZoneId = f.TimeZoneId, EmailSenderName = f.EmailSenderName,
                EmailSenderAddress = f.EmailSenderAddress, CommunityLinks = command.Community, SisterSites = command.Sisters,
                ShopCallToAction = string.IsNullOrWhiteSpace(f.ShopCallToAction) ? new SiteSettings().ShopCallToAction : f.ShopCallToAction.Trim(),
                ContentProtection = f.ContentProtection,
                ReturnsDays = f.ReturnsDays,
                ReplyModeration = f.ReplyModeration, ReplyMaxLinks = f.ReplyMaxLinks,
                StaffTwoStepRequired = f.StaffTwoStepRequired ?? current.StaffTwoStepRequired,
                StaffIdleMinutes = f.StaffIdleMinutes ?? current.StaffIdleMinutes,
                StaffSessionHours = f.StaffSessionHours ?? current.StaffSessionHours,
            };
            var saved = await settings.SaveAsync(updated, f.Version, command.ActorId, cancellationToken);
            if (!saved.IsDone) return saved;

            var (currentTax, _) = await tax.LoadAsync(cancellationToken);
            var updatedTax = new TaxSettings
            {
                TaxMode = f.TaxMode, TaxRatePercent = f.TaxRatePercent,
                TaxName = string.IsNullOrWhiteSpace(f.TaxName) ? new TaxSettings().TaxName : f.TaxName.Trim(),
            };
            if (updatedTax == currentTax) return Outcome.Done;
            // The settings above are saved by now, so the refusal says which part was not.
            return (await tax.SaveAsync(updatedTax, f.TaxVersion, command.ActorId, cancellationToken)).IsDone
                ? Outcome.Done
                : Refusal.Conflict(
                    "Someone else changed the tax while you were editing. The other settings were saved; the tax was not, and the form now shows theirs.");
        }
    }
}
