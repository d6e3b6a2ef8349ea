using SkiaSharp;

namespace FibroStore.Catalog.Demo;

/// <summary>Calm abstract pictures for demo products, drawn here: soft overlapping circles and the product's initial.</summary>
internal static class DemoImages
{
    public const int Size = 800;

    private static readonly string[] FontFiles =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ];

    public static byte[] Draw(string name, SKColor tint)
    {
        // A stable seed per name: re-seeding draws the same picture, so its content-addressed path is the same too.
        var random = new Random(StableHash(name));
        using var surface = SKSurface.Create(new SKImageInfo(Size, Size, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        tint.ToHsl(out var hue, out var saturation, out _);
        canvas.Clear(SKColor.FromHsl(hue, saturation * 0.35f, 94));

        using var paint = new SKPaint { IsAntialias = true };
        for (var i = 0; i < 5; i++)
        {
            paint.Color = SKColor.FromHsl((hue + random.Next(-25, 26) + 360) % 360, saturation * 0.6f, 62 + random.Next(0, 20)).WithAlpha(90);
            canvas.DrawCircle(random.Next(0, Size), random.Next(0, Size), random.Next(Size / 6, Size / 2), paint);
        }

        paint.Color = SKColor.FromHsl(hue, saturation * 0.5f, 28);
        using var typeface = FontFiles.Where(File.Exists).Select(SKTypeface.FromFile).FirstOrDefault(t => t is not null) ?? SKTypeface.Default;
        using var font = new SKFont(typeface, Size * 0.42f);
        var initial = char.ToUpperInvariant(name.TrimStart()[0]).ToString();
        canvas.DrawText(initial, Size / 2f, Size * 0.64f, SKTextAlign.Center, font, paint);

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text) hash = unchecked(hash * 31 + c);
        return hash;
    }
}
