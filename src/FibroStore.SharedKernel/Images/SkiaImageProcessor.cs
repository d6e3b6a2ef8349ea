using System.Security.Cryptography;
using FibroStore.SharedKernel.Files;
using SkiaSharp;

namespace FibroStore.SharedKernel.Images;

internal sealed class SkiaImageProcessor(IFileStorage storage) : IImageProcessor
{
    public const int MaxBytes = 10 * 1024 * 1024;
    private const int MaxDimension = 8000;
    private const int JpegQuality = 82;
    private static readonly int[] Widths = [320, 640, 1280];

    public async Task<ProcessedImage> ProcessAsync(Stream upload, string folder, CancellationToken ct)
    {
        var bytes = await ReadLimitedAsync(upload, ct);
        using var codec = SKCodec.Create(new SKMemoryStream(bytes))
            ?? throw new InvalidImageException("That file is not an image we can read. Please upload a JPEG, PNG, GIF or WebP picture.");
        if (codec.EncodedFormat is not (SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Png or SKEncodedImageFormat.Gif or SKEncodedImageFormat.Webp))
            throw new InvalidImageException("Please upload a JPEG, PNG, GIF or WebP picture.");
        if (codec.Info.Width > MaxDimension || codec.Info.Height > MaxDimension)
            throw new InvalidImageException($"That picture is too large. Please keep it under {MaxDimension} pixels on each side.");

        using var decoded = SKBitmap.Decode(codec)
            ?? throw new InvalidImageException("That picture seems to be damaged. Please try another file.");
        using var upright = Orient(decoded, codec.EncodedOrigin);

        var hash = Convert.ToHexString(SHA256.HashData(bytes))[..16].ToLowerInvariant();
        var widths = Widths.Where(w => w < upright.Width).Append(Math.Min(upright.Width, Widths[^1])).Distinct().Order().ToList();
        var variants = new List<ImageVariant>();
        foreach (var width in widths)
        {
            var height = Math.Max(1, (int)Math.Round(upright.Height * (double)width / upright.Width));
            var path = $"{folder.Trim('/')}/{hash}-{width}.jpg";
            await storage.SaveAsync(path, EncodeJpeg(upright, width, height), "image/jpeg", ct);
            variants.Add(new ImageVariant(width, height, path, MediaUrls.For(path)));
        }
        return new ProcessedImage(upright.Width, upright.Height, variants);
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream upload, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await upload.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
                throw new InvalidImageException("That picture is larger than 10 MB. Please upload a smaller file.");
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
            throw new InvalidImageException("The file was empty. Please choose a picture to upload.");
        return buffer.ToArray();
    }

    /// <summary>Re-encoding drops EXIF, so the rotation a camera recorded is applied to the pixels first.</summary>
    private static SKBitmap Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        var (degrees, swap) = origin switch
        {
            SKEncodedOrigin.BottomRight => (180, false),
            SKEncodedOrigin.RightTop => (90, true),
            SKEncodedOrigin.LeftBottom => (270, true),
            _ => (0, false),
        };
        var result = new SKBitmap(swap ? source.Height : source.Width, swap ? source.Width : source.Height);
        using var canvas = new SKCanvas(result);
        canvas.Clear(SKColors.White);
        canvas.Translate(result.Width / 2f, result.Height / 2f);
        canvas.RotateDegrees(degrees);
        canvas.Translate(-source.Width / 2f, -source.Height / 2f);
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default);
        return result;
    }

    private static byte[] EncodeJpeg(SKBitmap source, int width, int height)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColors.White);
        using var image = SKImage.FromBitmap(source);
        surface.Canvas.DrawImage(image, new SKRect(0, 0, width, height), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Jpeg, JpegQuality);
        return data.ToArray();
    }
}
