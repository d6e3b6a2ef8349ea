using FibroStore.SharedKernel.Results;
using Microsoft.AspNetCore.Authorization;

namespace FibroStore.Subscribers.Pages.Subscribe;

/// <summary>What a subscriber gets, reached by the signed link in every email; no sign-in.</summary>
[AllowAnonymous]
public sealed class PreferencesPage(IMediator mediator) : PageModel
{
    [BindProperty] public string Preference { get; set; } = "";
    public bool InvalidLink { get; private set; }
    public bool Saved { get; private set; }
    internal SubscriberStatus Status { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct) =>
        Show(await mediator.Send(new SetPreference(token, null), ct));

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        if (!Enum.TryParse<SendPreference>(Preference, out var chosen) || !Enum.IsDefined(chosen))
        {
            ModelState.AddModelError(nameof(Preference), "Please choose one of the options.");
            return Show(await mediator.Send(new SetPreference(token, null), ct));
        }
        Saved = true;
        return Show(await mediator.Send(new SetPreference(token, chosen), ct));
    }

    private PageResult Show(Outcome<Current> outcome)
    {
        if (!outcome.IsDone)
        {
            (InvalidLink, Saved) = (true, false);
            return this.Refuse(outcome.Refusal);
        }
        Preference = outcome.Value.Preference.ToString();
        Status = outcome.Value.Status;
        return Page();
    }

    public const string InvalidLinkMessage = "This link is not valid or has expired. Please use the link in one of our latest emails.";

    internal sealed record Current(SubscriberStatus Status, SendPreference Preference);

    /// <summary>Null preference only reads. Refused for a link that is not valid.</summary>
    internal sealed record SetPreference(string Token, SendPreference? Preference) : ICommand<Outcome<Current>>;

    internal sealed class Handler(SubscribersDbContext db, SubscriberLinks links, TimeProvider clock) : ICommandHandler<SetPreference, Outcome<Current>>
    {
        private static readonly Refusal LinkRefused = Refusal.Invalid(InvalidLinkMessage);

        public async ValueTask<Outcome<Current>> Handle(SetPreference command, CancellationToken cancellationToken)
        {
            if (links.Read(LinkPurpose.Manage, command.Token) is not Guid id) return LinkRefused;
            var subscriber = await db.Subscribers.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
            if (subscriber is null) return LinkRefused;
            if (command.Preference is { } preference && preference != subscriber.Preference)
            {
                subscriber.Preference = preference;
                subscriber.Record("preference", clock.GetUtcNow(), preference.ToString());
                await db.SaveChangesAsync(cancellationToken);
            }
            return new Current(subscriber.Status, subscriber.Preference);
        }
    }
}
