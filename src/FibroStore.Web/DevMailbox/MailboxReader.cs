using MimeKit;

namespace FibroStore.Web.DevMailbox;

public sealed record MailSummary(string Id, DateTimeOffset Date, string To, string Subject);

public sealed record MailDetail(MailSummary Summary, IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? Text, string? Html, IReadOnlyList<string> Links);

/// <summary>Reads the dev mailbox folder; message ids are file names, checked so no path can escape it.</summary>
internal static class MailboxReader
{
    public static async Task<IReadOnlyList<MailSummary>> ListAsync(string folder, int max, CancellationToken ct)
    {
        if (!Directory.Exists(folder)) return [];
        var files = new DirectoryInfo(folder).GetFiles("*.eml").OrderByDescending(f => f.Name).Take(max);
        var list = new List<MailSummary>();
        foreach (var file in files)
        {
            var message = await MimeMessage.LoadAsync(file.FullName, ct);
            list.Add(Summarize(Path.GetFileNameWithoutExtension(file.Name), message));
        }
        return list;
    }

    public static async Task<MailDetail?> ReadAsync(string folder, string id, CancellationToken ct)
    {
        if (id.Length > 80 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            return null;
        var path = Path.Combine(folder, id + ".eml");
        if (!File.Exists(path)) return null;
        var message = await MimeMessage.LoadAsync(path, ct);
        var html = message.HtmlBody;
        return new MailDetail(Summarize(id, message),
            message.Headers.Select(h => new KeyValuePair<string, string>(h.Field, h.Value)).ToList(),
            message.TextBody, html, ExtractLinks(html ?? message.TextBody ?? ""));
    }

    private static MailSummary Summarize(string id, MimeMessage message) =>
        new(id, message.Date, string.Join(", ", message.To.Mailboxes.Select(m => m.Address)), message.Subject ?? "(no subject)");

    private static List<string> ExtractLinks(string body)
    {
        var links = new List<string>();
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(body, "https?://[^\\s\"'<>]+"))
        {
            var link = System.Net.WebUtility.HtmlDecode(m.Value);
            if (!links.Contains(link)) links.Add(link);
        }
        return links;
    }
}
