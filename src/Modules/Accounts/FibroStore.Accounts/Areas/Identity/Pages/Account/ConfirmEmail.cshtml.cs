using FibroStore.Accounts.Data;
using FibroStore.Accounts.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

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
        Confirmed = await mediator.Send(new Command(userId, code), ct);
        if (!Confirmed)
            Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public sealed record Command(string? UserId, string? Code) : ICommand<bool>;

    internal sealed class Handler(UserManager<StoreUser> users) : ICommandHandler<Command, bool>
    {
        public async ValueTask<bool> Handle(Command command, CancellationToken cancellationToken)
        {
            var token = StoreLinks.DecodeToken(command.Code);
            if (token is null || string.IsNullOrEmpty(command.UserId) || command.UserId.Length > 64)
                return false;
            var user = await users.FindByIdAsync(command.UserId);
            return user is not null && (await users.ConfirmEmailAsync(user, token)).Succeeded;
        }
    }
}
