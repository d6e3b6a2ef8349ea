using System.Security.Cryptography;
using FibroStore.SharedKernel.Files;
using SkiaSharp;

namespace FibroStore.SharedKernel.Images;

/// <summary>
/// Decodes uploads with SkiaSharp. A decoded picture takes 4 bytes a pixel, so sizes are capped and only a few pictures
/// are decoded at once per instance; JPEG and WebP are decoded straight at the size the largest variant needs.
/// </summary>
internal sealed class SkiaImageProcessor(IFileStorage storage) : IImageProcessor, IDisposable
{
    public const int MaxBytes = 10 * 1024 * 1024;
    private const int MaxDimension = 8000;
    private const long MaxPixels = 40_000_000;
    private const int MaxConcurrentDecodes = 2;
    private static readonly TimeSpan DecodeWait = TimeSpan.FromSeconds(30);
    private const int JpegQuality = 82;
    private static readonly int[] Widths = [320, 640, 1280];

    private readonly SemaphoreSlim decoding = new(MaxConcurrentDecodes, MaxConcurrentDecodes);

    public void Dispose() => decoding.Dispose();

    public async Task<ProcessedImage> ProcessAsync(Stream upload, string folder, CancellationToken ct)
    {
        var bytes = await ReadLimitedAsync(upload, ct);
        using var codec = SKCodec.Create(new SKMemoryStream(bytes))
            ?? throw new InvalidImageException("That file is not an image we can read. Please upload a JPEG, PNG, GIF or WebP picture.");
        if (codec.EncodedFormat is not (SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Png or SKEncodedImageFormat.Gif or SKEncodedImageFormat.Webp))
            throw new InvalidImageException("Please upload a JPEG, PNG, GIF or WebP picture.");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width > MaxDimension || height > MaxDimension || (long)width * height > MaxPixels)
            throw new InvalidImageException(
                $"That picture is too large ({width} × {height} pixels). Please keep it under {MaxDimension} pixels on each side " +
                $"and {MaxPixels / 1_000_000} megapixels in all, for example by saving a smaller copy.");

        if (!await decoding.WaitAsync(DecodeWait, ct))
            throw new InvalidImageException("The store is busy with other pictures just now. Please try again in a minute.");
        try
        {
            var swap = codec.EncodedOrigin is SKEncodedOrigin.RightTop or SKEncodedOrigin.LeftBottom;
            var (uprightWidth, uprightHeight) = swap ? (height, width) : (width, height);
            using var decoded = Decode(codec, Math.Min(uprightWidth, Widths[^1]) / (double)uprightWidth, swap)
                ?? throw new InvalidImageException("That picture seems to be damaged. Please try another file.");
            using var rotated = Orient(decoded, codec.EncodedOrigin);
            var upright = rotated ?? decoded;

            var hash = Convert.ToHexString(SHA256.HashData(bytes))[..16].ToLowerInvariant();
            var widths = Widths.Where(w => w < uprightWidth).Append(Math.Min(uprightWidth, Widths[^1])).Distinct().Order().ToList();
            var variants = new List<ImageVariant>();
            foreach (var variantWidth in widths)
            {
                var variantHeight = Math.Max(1, (int)Math.Round(uprightHeight * (double)variantWidth / uprightWidth));
                var path = $"{folder.Trim('/')}/{hash}-{variantWidth}.jpg";
                await storage.SaveAsync(path, EncodeJpeg(upright, variantWidth, variantHeight), "image/jpeg", ct);
                variants.Add(new ImageVariant(variantWidth, variantHeight, path, MediaUrls.For(path)));
            }
            return new ProcessedImage(uprightWidth, uprightHeight, variants);
        }
        finally
        {
            decoding.Release();
        }
    }

    /// <summary>
    /// Decodes at the smallest size the codec supports that still covers <paramref name="scale"/> of the picture (JPEG and
    /// WebP shrink while decoding), or at full size where it cannot.
    /// </summary>
    private static SKBitmap? Decode(SKCodec codec, double scale, bool swap)
    {
        if (scale < 1)
        {
            var size = codec.GetScaledDimensions((float)scale);
            var wanted = Math.Ceiling((swap ? codec.Info.Height : codec.Info.Width) * scale);
            if ((swap ? size.Height : size.Width) >= wanted && size.Width < codec.Info.Width)
            {
                var scaled = SKBitmap.Decode(codec, codec.Info.WithSize(size.Width, size.Height));
                if (scaled is not null) return scaled;
            }
        }
        return SKBitmap.Decode(codec);
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

    /// <summary>
    /// Re-encoding drops EXIF, so the rotation a camera recorded is applied to the pixels first. Null when the picture is
    /// upright already, so the common case makes no second copy.
    /// </summary>
    private static SKBitmap? Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        var (degrees, swap) = origin switch
        {
            SKEncodedOrigin.BottomRight => (180, false),
            SKEncodedOrigin.RightTop => (90, true),
            SKEncodedOrigin.LeftBottom => (270, true),
            _ => (0, false),
        };
        if (degrees == 0) return null;
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
