using System.Text;
using Microsoft.AspNetCore.Http;

namespace FibroStore.SharedKernel.Web;

/// <summary>An uploaded export (a CSV file) read as text: strict UTF-8 with no null character, or nothing.</summary>
public static class UploadedText
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>The file's text, or null when it is not text in UTF-8 (a spreadsheet's own format, a picture…).</summary>
    public static async Task<string?> ReadUtf8Async(IFormFile file, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        try
        {
            var text = StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            return text.Contains('\0') ? null : text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
