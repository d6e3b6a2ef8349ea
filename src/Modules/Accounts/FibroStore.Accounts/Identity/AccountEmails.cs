using System.Net;
using FibroStore.SharedKernel.Email;

namespace FibroStore.Accounts.Identity;

/// <summary>
/// Every email about an account. Short, calm, one clear action, and always both an HTML and a plain-text body
/// that each carry the full link (some mail readers and screen readers only see the text part).
/// </summary>
internal sealed class AccountEmails(AccountsDbContext db, TimeProvider clock, ISiteSettings siteSettings, StoreLinks links)
{
    public Task SendConfirmationAsync(string to, string? name, string link, CancellationToken ct) =>
        SendAsync(to, name, "Please confirm your email address",
            ["Thank you for making an account. Please confirm that this is your email address, so we can keep you signed in safely and help you if you ever forget your password."],
            ("Confirm my email address", link),
            "If you did not make an account, you can ignore this email and nothing will happen.", ct);

    public Task SendConfirmationInsteadOfResetAsync(string to, string? name, string link, CancellationToken ct) =>
        SendAsync(to, name, "Please confirm your email address first",
            ["You asked for a link to choose a new password. This email address was never confirmed, so we cannot send one yet: please confirm the address first.",
             "Once it is confirmed you can sign in. If you still do not remember your password, ask for a new one on the sign-in page and we will send the link straight away."],
            ("Confirm my email address", link),
            "If you did not ask for this, you can ignore this email and nothing will happen.", ct);

    public Task SendEmailChangeAsync(string to, string? name, string link, CancellationToken ct) =>
        SendAsync(to, name, "Please confirm your new email address",
            ["You asked to use this email address for your account. Please confirm it; until you do, we keep using your old address."],
            ("Use this email address", link),
            "If you did not ask for this, you can ignore this email and nothing will change.", ct);

    public Task SendAlreadyRegisteredAsync(string to, CancellationToken ct) =>
        SendAsync(to, null, "You already have an account",
            ["Someone, probably you, tried to make a new account with this email address. You already have one, so nothing was changed.",
             "You can sign in as usual. If you do not remember your password, you can choose a new one here:"],
            ("Choose a new password", links.Absolute("/Identity/Account/ForgotPassword")),
            "If this was not you, you can ignore this email. Your account is safe.", ct);

    public Task SendPasswordResetAsync(string to, string? name, string link, CancellationToken ct) =>
        SendAsync(to, name, "Choose a new password",
            ["We received a request to choose a new password for your account. The link works for 24 hours."],
            ("Choose a new password", link),
            "If you did not ask for this, you can ignore this email. Your password stays the same.", ct);

    public Task SendPasswordResetCodeAsync(string to, string? name, string code, CancellationToken ct) =>
        SendAsync(to, name, "Your password reset code",
            [$"Your code to choose a new password is: {code}", "It works for 24 hours."],
            null,
            "If you did not ask for this, you can ignore this email. Your password stays the same.", ct);

    public async Task SendInvitationAsync(string to, string? name, IEnumerable<string> roles, string link, CancellationToken ct)
    {
        var settings = await siteSettings.GetAsync(ct);
        await SendAsync(to, name, $"You are invited to help run {settings.StoreName}",
            [$"You have been invited to join the {settings.StoreName} team as {DescribeRoles(roles)}.",
             "To accept, choose a password for your account. The link works for 24 hours; if it runs out, ask for a new invitation."],
            ("Accept the invitation", link),
            "If you were not expecting this, you can ignore this email.", ct);
    }

    public async Task SendStaffAccessAsync(string to, string? name, IEnumerable<string> roles, CancellationToken ct)
    {
        var settings = await siteSettings.GetAsync(ct);
        await SendAsync(to, name, $"You now help run {settings.StoreName}",
            [$"Your account can now work in the staff area as {DescribeRoles(roles)}.",
             "Sign in as usual with your email address and password."],
            ("Open the staff area", links.Absolute("/staff")),
            null, ct);
    }

    private static string DescribeRoles(IEnumerable<string> roles)
    {
        var list = roles.ToList();
        return list.Count switch
        {
            0 => "a member of staff",
            1 => list[0],
            _ => string.Join(", ", list[..^1]) + " and " + list[^1],
        };
    }

    private async Task SendAsync(string to, string? name, string subject, IReadOnlyList<string> paragraphs,
        (string Text, string Url)? action, string? footnote, CancellationToken ct)
    {
        var settings = await siteSettings.GetAsync(ct);
        var mail = new EmailComposer().Paragraph(string.IsNullOrWhiteSpace(name) ? "Hello," : $"Hello {name},");
        foreach (var paragraph in paragraphs)
            mail.Paragraph(paragraph);
        if (action is ({ } label, { } url))
            mail.Action(label, url);
        if (footnote is not null)
            mail.Paragraph(footnote);
        mail.Paragraph($"With warm wishes, the {settings.StoreName} team");

        // Through the outbox: a mail server that is down delays the email instead of failing the person's request.
        db.QueueEmail(mail.ToMessage(to, subject, name), clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>
/// What Identity's default pages call (change of email). Their links arrive HTML-encoded and built from the
/// request; they leave on the store's public address. Each email counts against the address's email limit.
/// </summary>
internal sealed class IdentityPageEmails(AccountEmails emails, AccountLimits limits, StoreLinks links) : IEmailSender<StoreUser>
{
    public async Task SendConfirmationLinkAsync(StoreUser user, string email, string confirmationLink)
    {
        if (!await limits.TryTakeEmailAsync(email, CancellationToken.None))
            return;
        var link = links.Rebase(WebUtility.HtmlDecode(confirmationLink));
        // The same call confirms a first address and a change of address; the page it links to tells them apart.
        await (link.Contains("/Account/ConfirmEmailChange", StringComparison.OrdinalIgnoreCase)
            ? emails.SendEmailChangeAsync(email, user.DisplayName, link, CancellationToken.None)
            : emails.SendConfirmationAsync(email, user.DisplayName, link, CancellationToken.None));
    }

    public async Task SendPasswordResetLinkAsync(StoreUser user, string email, string resetLink)
    {
        if (await limits.TryTakeEmailAsync(email, CancellationToken.None))
            await emails.SendPasswordResetAsync(email, user.DisplayName, links.Rebase(WebUtility.HtmlDecode(resetLink)), CancellationToken.None);
    }

    public async Task SendPasswordResetCodeAsync(StoreUser user, string email, string resetCode)
    {
        if (await limits.TryTakeEmailAsync(email, CancellationToken.None))
            await emails.SendPasswordResetCodeAsync(email, user.DisplayName, resetCode, CancellationToken.None);
    }
}
