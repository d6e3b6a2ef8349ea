using Microsoft.AspNetCore.Mvc;

namespace FibroStore.Accounts.Areas.Identity.Pages.Account;

/// <summary>
/// Replaces the package's page, which fails with an error page on a damaged link and answers 200 to an expired
/// one. Here a link that does not work answers 400 and says what to do next.
/// </summary>
[AllowAnonymous]
public sealed class ConfirmEmailPage(IMediator mediator) : PageModel
{
    public bool Confirmed { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? userId, string? code, CancellationToken ct)
    {
        var outcome = await mediator.Send(new Command(userId, code), ct);
        if (!outcome.IsDone)
            return this.Refuse(outcome.Refusal);
        Confirmed = true;
        return Page();
    }

    public const string BadLinkMessage =
        "The confirmation link has expired, was already replaced by a newer one, or was cut short by your email program.";

    public sealed record Command(string? UserId, string? Code) : ICommand<Outcome>;

    internal sealed class Handler(UserManager<StoreUser> users) : ICommandHandler<Command, Outcome>
    {
        private static readonly Refusal LinkRefused = Refusal.Invalid(BadLinkMessage);

        public async ValueTask<Outcome> Handle(Command command, CancellationToken cancellationToken)
        {
            var token = StoreLinks.DecodeToken(command.Code);
            if (token is null || string.IsNullOrEmpty(command.UserId) || command.UserId.Length > 64)
                return LinkRefused;
            var user = await users.FindByIdAsync(command.UserId);
            return user is not null && (await users.ConfirmEmailAsync(user, token)).Succeeded ? Outcome.Done : LinkRefused;
        }
    }
}
