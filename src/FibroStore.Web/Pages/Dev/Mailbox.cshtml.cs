using System.Net;
using FibroStore.Web.DevMailbox;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FibroStore.Web.Pages.Dev;

/// <summary>Every message the store sent in development. Exists only while the dev mailbox runs.</summary>
[AllowAnonymous]
public sealed class MailboxModel(IWebHostEnvironment environment) : PageModel
{
    public IReadOnlyList<MailSummary> Messages { get; private set; } = [];
    public MailDetail? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? id, CancellationToken ct)
    {
        var options = HttpContext.RequestServices.GetService<DevMailboxOptions>();
        // Only for whoever sits at this machine (an in-memory test server has no remote address): mail holds sign-in links.
        var remote = HttpContext.Connection.RemoteIpAddress;
        if (!environment.IsDevelopment() || options is null || (remote is not null && !IPAddress.IsLoopback(remote)))
            return NotFound();
        Response.Headers.CacheControl = "no-store";
        if (id is null)
        {
            Messages = await MailboxReader.ListAsync(options.Folder, 200, ct);
            return Page();
        }
        Message = await MailboxReader.ReadAsync(options.Folder, id, ct);
        return Message is null ? NotFound() : Page();
    }
}
