using System.Collections.Concurrent;
using System.Security.Cryptography;
using FibroStore.SharedKernel.Files;
using SkiaSharp;

namespace FibroStore.Editorial.Sharing;

/// <summary>
/// The picture a shared link shows in chat groups and social sites (og:image) for a page without a picture of its own:
/// 1200 × 630 PNG with the headline and the store's name, drawn once and kept in the store's file storage. Its path is
/// a hash of what is drawn, so a new title or store name draws a new picture and an unchanged one is reused.
/// </summary>
internal sealed class ShareImages(IFileStorage storage)
{
    public const int Width = 1200;
    public const int Height = 630;

    /// <summary>Part of the hash: changing the drawing below must change it, so pictures already stored are redrawn.</summary>
    private const string Design = "share-v1";

    private const float Margin = 96;
    private static readonly SKColor Background = new(0xF3, 0xF0, 0xFA);
    private static readonly SKColor Accent = new(0x5B, 0x4A, 0x8B);
    private static readonly SKColor Ink = new(0x23, 0x21, 0x2B);
    private static readonly string[] Families = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial"];

    private readonly ConcurrentDictionary<string, bool> stored = new(StringComparer.Ordinal);

    /// <summary>The picture's address (/media/share/….png), drawing and storing it first if this is its first use.</summary>
    public async Task<string> UrlForAsync(string headline, string storeName, CancellationToken ct)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{Design}\n{headline}\n{storeName}"));
        var path = $"share/{Convert.ToHexString(hash)[..20].ToLowerInvariant()}.png";
        if (!stored.ContainsKey(path))
        {
            if (!await storage.ExistsAsync(path, ct))
                await storage.SaveAsync(path, Draw(headline, storeName), "image/png", ct);
            stored[path] = true;
        }
        return MediaUrls.For(path);
    }

    public static byte[] Draw(string headline, string storeName)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(Background);
        using var paint = new SKPaint { IsAntialias = true };

        // Two soft circles in the corner and a band along the left: calm, and recognisably the store's.
        paint.Color = Accent.WithAlpha(28);
        canvas.DrawCircle(Width - 60, 40, 260, paint);
        canvas.DrawCircle(Width - 230, Height + 40, 200, paint);
        paint.Color = Accent;
        canvas.DrawRect(0, 0, 28, Height, paint);

        using var bold = Typeface(SKFontStyle.Bold);
        using var regular = Typeface(SKFontStyle.Normal);
        var (lines, size) = Fit(headline.Trim(), bold, Width - 2 * Margin, maxLines: 4);
        using var font = new SKFont(bold, size);
        paint.Color = Ink;
        var lineHeight = size * 1.22f;
        var top = Margin + size;
        foreach (var line in lines)
        {
            canvas.DrawText(line, Margin, top, SKTextAlign.Left, font, paint);
            top += lineHeight;
        }

        using var nameFont = new SKFont(regular, 40);
        paint.Color = Accent;
        var (nameLines, _) = Fit(storeName.Trim(), regular, Width - 2 * Margin, maxLines: 1, largest: 40, smallest: 40);
        canvas.DrawText(nameLines[0], Margin, Height - Margin + 20, SKTextAlign.Left, nameFont, paint);

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static SKTypeface Typeface(SKFontStyle style) =>
        Families.Select(f => SKFontManager.Default.MatchFamily(f, style)).FirstOrDefault(t => t is not null) ?? SKTypeface.Default;

    /// <summary>The largest size from <paramref name="largest"/> down at which the text fits the lines; at the smallest, the rest is cut with "…".</summary>
    private static (List<string> Lines, float Size) Fit(string text, SKTypeface typeface, float width, int maxLines, float largest = 76, float smallest = 46)
    {
        for (var size = largest; ; size -= 4)
        {
            using var font = new SKFont(typeface, size);
            var lines = Wrap(text, font, width);
            if (lines.Count <= maxLines) return (lines, size);
            if (size - 4 < smallest)
            {
                var kept = lines.Take(maxLines).ToList();
                var last = kept[^1];
                while (last.Length > 0 && font.MeasureText(last + "…") > width) last = last[..^1];
                kept[^1] = last.TrimEnd() + "…";
                return (kept, size);
            }
        }
    }

    /// <summary>Greedy word wrap; a word wider than a whole line is broken where it no longer fits.</summary>
    private static List<string> Wrap(string text, SKFont font, float width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (font.MeasureText(candidate) <= width)
            {
                line = candidate;
                continue;
            }
            if (line.Length > 0) lines.Add(line);
            line = word;
            while (font.MeasureText(line) > width)
            {
                var cut = line.Length - 1;
                while (cut > 1 && font.MeasureText(line[..cut]) > width) cut--;
                lines.Add(line[..cut]);
                line = line[cut..];
            }
        }
        if (line.Length > 0 || lines.Count == 0) lines.Add(line);
        return lines;
    }
}
