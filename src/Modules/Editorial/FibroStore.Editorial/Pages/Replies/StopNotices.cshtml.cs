using FibroStore.Editorial.Data;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FibroStore.Editorial.Pages.Replies;

/// <summary>
/// The link in a reply notice. Opening it shows one button (mail scanners follow links, so a GET changes nothing);
/// the List-Unsubscribe header's one-click POST lands on the same handler.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class StopNotices(IMediator mediator) : PageModel
{
    public bool Stopped { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct) =>
        await mediator.Send(new Stop(token, Apply: false), ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        if (!await mediator.Send(new Stop(token, Apply: true), ct)) return NotFound();
        Stopped = true;
        return Page();
    }

    public sealed record Stop(string Token, bool Apply) : ICommand<bool>;

    internal sealed class Handler(EditorialDbContext db) : ICommandHandler<Stop, bool>
    {
        public async ValueTask<bool> Handle(Stop command, CancellationToken cancellationToken)
        {
            if (command.Token.Length != 48) return false;
            var replies = db.Replies.Where(r => r.NotifyToken == command.Token);
            if (!command.Apply) return await replies.AnyAsync(cancellationToken);
            return await replies.ExecuteUpdateAsync(s => s.SetProperty(r => r.NotifyOnReply, false), cancellationToken) > 0;
        }
    }
}
