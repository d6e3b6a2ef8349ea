using Microsoft.AspNetCore.Mvc;

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

    public void OnGet() => Prompt = PromptAfter(null);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var answer = await mediator.Send(new Confirm(Password ?? ""), ct);
        if (answer.IsDone)
            return LocalRedirect(Target);
        Prompt = PromptAfter(answer.Refusal);
        return this.Refuse(answer.Refusal);
    }

    private string Target => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/staff";

    private PasswordPrompt PromptAfter(Refusal? refusal) =>
        PasswordPrompt.After($"/account/confirm-password?returnUrl={Uri.EscapeDataString(Target)}", Target, [], refusal);

    internal sealed record Confirm(string Password) : ICommand<Outcome>;

    internal sealed class Handler(RecentPassword recent) : ICommandHandler<Confirm, Outcome>
    {
        public async ValueTask<Outcome> Handle(Confirm command, CancellationToken cancellationToken) =>
            await recent.ConfirmAsync(command.Password, cancellationToken);
    }
}
