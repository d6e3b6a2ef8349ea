using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using FibroStore.TestKit;

namespace FibroStore.Editorial.Tests.WordPress;

/// <summary>
/// The test site "Calm Corner" as WordPress 6.x exports it (calmcorner.wordpress.2026-11-20.xml, written for this
/// project), its uploads folder as a zip, and the staff import form, posted the way a browser posts it.
/// </summary>
internal static partial class WordPressExport
{
    public static string Calm() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "WordPress", "calmcorner.wordpress.2026-11-20.xml"));

    /// <summary>The uploads zip, as "Compress" on the wp-content/uploads folder makes it. symptom-chart.png was never uploaded.</summary>
    public static byte[] CalmUploads() => Zip(
        ("uploads/2026/03/heat-pack-on-shoulder.jpg", Jpeg(1)),
        ("uploads/2026/03/heat-pack-on-shoulder-300x200.jpg", Jpeg(2)),
        ("uploads/2026/03/evening-tea.jpg", Jpeg(3)),
        ("uploads/2026/04/notebook-pacing.png", Png(4)),
        ("uploads/2026/04/notebook-pacing-300x200.png", Png(5)));

    public static byte[] Jpeg(byte seed) => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, seed, 0xFF, 0xD9];

    public static byte[] Png(byte seed) => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, seed];

    public static byte[] Zip(params (string Path, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (path, content) in entries)
            {
                using var stream = zip.CreateEntry(path).Open();
                stream.Write(content);
            }
        return buffer.ToArray();
    }

    /// <summary>Posts the import form as an editor; returns the answer and the page.</summary>
    public static async Task<(HttpResponseMessage Response, string Html)> ImportAsync(StoreFactory store, string wxr, byte[]? zip, bool showDisclaimer = false)
    {
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        var page = await editor.GetPageAsync("/staff/articles/import");
        var token = WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value);
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(wxr)), "Export", "calmcorner.wordpress.xml" },
        };
        if (zip is not null) content.Add(new ByteArrayContent(zip), "Uploads", "uploads.zip");
        if (showDisclaimer) content.Add(new StringContent("true"), "ShowDisclaimer");
        var response = await editor.Http.PostAsync("/staff/articles/import", content);
        var html = await response.Content.ReadAsStringAsync();
        return (response, html);
    }

    /// <summary>The report's CSV, fetched through the link on the finished import's page.</summary>
    public static async Task<string> ReportCsvAsync(StoreFactory store, string importPage)
    {
        var link = Parse(importPage).QuerySelectorAll("a").First(a => a.TextContent.StartsWith("Download the full report", StringComparison.Ordinal)).GetAttribute("href")!;
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        var response = await editor.GetAsync(WebUtility.HtmlDecode(link));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    public static AngleSharp.Html.Dom.IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
