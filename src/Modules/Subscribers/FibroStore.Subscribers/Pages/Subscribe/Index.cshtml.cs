using System.ComponentModel.DataAnnotations;
using FibroStore.SharedKernel.Results;
using FibroStore.Subscribers.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace FibroStore.Subscribers.Pages.Subscribe;

/// <summary>
/// The subscribe page, and the target of the subscribe box on the home and article pages (which post only
/// <c>Email</c>, with the form token site.js fetched). Every accepted address gets the same answer.
/// </summary>
[AllowAnonymous]
public sealed class SubscribePage(IMediator mediator) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Please give your email address.")]
    [StringLength(Subscriber.EmailMaxLength, ErrorMessage = "That address is too long. Email addresses have at most 254 characters.")]
    [RegularExpression(EmailAddresses.Pattern,
        ErrorMessage = "That does not look like an email address. It should look like name@example.com.")]
    public string Email { get; set; } = "";

    [BindProperty]
    [StringLength(Subscriber.FirstNameMaxLength, ErrorMessage = "Please keep your first name under 80 characters.")]
    public string? FirstName { get; set; }

    /// <summary>Hidden from people; bots fill it in.</summary>
    [BindProperty]
    public string? Website { get; set; }

    public bool Sent { get; private set; }

    public void OnGet(bool sent) => Sent = sent;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // A caught bot gets the same answer as a person, so it learns nothing.
        if (!string.IsNullOrEmpty(Website))
            return RedirectToPage(new { sent = true });
        if (!ModelState.IsValid)
            return Page();
        var client = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var joined = await mediator.Send(new Join(Email.Trim(), string.IsNullOrWhiteSpace(FirstName) ? null : FirstName.Trim(), client), ct);
        return joined.IsDone ? RedirectToPage(new { sent = true }) : this.Refuse(joined.Refusal);
    }

    /// <summary>Refused only by the rate limit; a known address is accepted like a new one.</summary>
    internal sealed record Join(string Email, string? FirstName, string ClientAddress) : ICommand<Outcome>;

    internal sealed class Handler(INewsletterMembership membership, IRequestThrottle throttle, IOptions<JoinOptions> options)
        : ICommandHandler<Join, Outcome>
    {
        public async ValueTask<Outcome> Handle(Join command, CancellationToken cancellationToken)
        {
            var normalized = Subscriber.Normalize(command.Email);
            var limits = options.Value;
            var window = TimeSpan.FromMinutes(limits.WindowMinutes);
            if (!await throttle.TryAcquireAsync($"subscribe:{command.ClientAddress}", limits.PerClientLimit, window, cancellationToken)
                || !await throttle.TryAcquireAsync($"subscribe-address:{normalized}", limits.PerEmailLimit, window, cancellationToken))
                return Refusal.TooMany("There have been several sign-ups from here in a short time. Please wait an hour and try again.");

            await membership.InviteAsync(command.Email, command.FirstName, "subscribe form", cancellationToken);
            return Outcome.Done;
        }
    }
}
