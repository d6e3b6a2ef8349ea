using FibroStore.Accounts.Identity;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FibroStore.Accounts.Pages.Account;

/// <summary>
/// Where a sensitive staff page sends someone whose password is not recent: they type it, and go back to the page
/// they asked for. (A form that was being sent gets the same prompt in place, from the filter, so it is not lost.)
/// </summary>
public sealed class ConfirmPasswordPage(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    [BindProperty(Name = RecentPasswordFilter.Field)] public string? Password { get; set; }

    public PasswordPrompt Prompt { get; private set; } = null!;

    public void OnGet() => Prompt = PromptFor(wrong: false, paused: null);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var answer = await mediator.Send(new Confirm(Password ?? ""), ct);
        switch (answer)
        {
            case RecentPassword.Answer.Confirmed:
                return LocalRedirect(Target);
            case RecentPassword.Answer.Paused paused:
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Response.Headers.RetryAfter = (paused.Minutes * 60).ToString(System.Globalization.CultureInfo.InvariantCulture);
                Prompt = PromptFor(wrong: false, paused.Minutes);
                return Page();
            default:
                Response.StatusCode = StatusCodes.Status400BadRequest;
                Prompt = PromptFor(wrong: true, paused: null);
                return Page();
        }
    }

    private string Target => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/staff";

    private PasswordPrompt PromptFor(bool wrong, int? paused) =>
        new($"/account/confirm-password?returnUrl={Uri.EscapeDataString(Target)}", Target, [], wrong, paused);

    internal sealed record Confirm(string Password) : ICommand<RecentPassword.Answer>;

    internal sealed class Handler(RecentPassword recent) : ICommandHandler<Confirm, RecentPassword.Answer>
    {
        public async ValueTask<RecentPassword.Answer> Handle(Confirm command, CancellationToken cancellationToken) =>
            await recent.ConfirmAsync(command.Password, cancellationToken);
    }
}
