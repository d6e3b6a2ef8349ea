using System.ComponentModel.DataAnnotations;
using System.Net;
using FibroStore.SiteServices.Contracts;
using FibroStore.SharedKernel.Email;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FibroStore.Web.Pages;

/// <summary>Sends a visitor's message to the store's contact address. Nothing is stored.</summary>
[AllowAnonymous]
public sealed class ContactModel(IEmailSender email, ISiteSettings siteSettings, IRequestThrottle throttle, ILogger<ContactModel> logger) : PageModel
{
    [BindProperty] public ContactForm Input { get; set; } = new();
    public bool Sent { get; private set; }

    public void OnGet(bool sent) => Sent = sent;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // The hidden "website" field is left empty by people; bots fill it. Pretend it worked.
        if (!string.IsNullOrEmpty(Input.Website))
            return RedirectToPage(new { sent = true });
        if (!ModelState.IsValid)
            return Page();
        var client = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!await throttle.TryAcquireAsync($"contact:{client}", limit: 5, TimeSpan.FromHours(1), ct))
        {
            ModelState.AddModelError("", "You have sent several messages in a short time. Please wait an hour, or write to us by email.");
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }

        var settings = await siteSettings.GetAsync(ct);
        var html = $"""
            <p><strong>From:</strong> {WebUtility.HtmlEncode(Input.Name)} &lt;{WebUtility.HtmlEncode(Input.Email)}&gt;</p>
            <p style="white-space:pre-wrap">{WebUtility.HtmlEncode(Input.Message)}</p>
            """;
        var text = $"From: {Input.Name} <{Input.Email}>\n\n{Input.Message}\n";
        try
        {
            await email.SendAsync(new EmailMessage(settings.ContactEmail, $"Contact form: {Input.Subject}", html, text)
            {
                ReplyTo = Input.Email,
            }, ct);
        }
        catch (Exception ex) when (ex is MailKit.ServiceNotConnectedException or MailKit.Net.Smtp.SmtpCommandException
                                       or MailKit.Net.Smtp.SmtpProtocolException or System.Net.Sockets.SocketException or IOException)
        {
            logger.LogError(ex, "Contact form message could not be sent");
            ModelState.AddModelError("", "Sorry, we could not send your message just now. Your text is still here: please try again in a few minutes.");
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }
        return RedirectToPage(new { sent = true });
    }

    public sealed class ContactForm
    {
        [Required(ErrorMessage = "Please tell us your name.")]
        [StringLength(80, ErrorMessage = "Please keep your name under 80 characters.")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Please give an email address so we can answer.")]
        [EmailAddress(ErrorMessage = "That does not look like an email address. It should look like name@example.com.")]
        [StringLength(254)]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Please give your message a subject.")]
        [StringLength(120, ErrorMessage = "Please keep the subject under 120 characters.")]
        public string Subject { get; set; } = "";

        [Required(ErrorMessage = "Please write your message.")]
        [StringLength(5000, MinimumLength = 2, ErrorMessage = "Please keep your message under 5,000 characters.")]
        public string Message { get; set; } = "";

        public string? Website { get; set; }
    }
}
