using System.Buffers.Binary;
using System.IO.Compression;
using FibroStore.SharedKernel.Files;
using FibroStore.SharedKernel.Images;
using SkiaSharp;

namespace FibroStore.Editorial.Tests;

/// <summary>What the image processor decodes, and what it refuses before decoding.</summary>
public sealed class ImageLimitsTests(EditorialStore store) : IClassFixture<EditorialStore>
{
    private IImageProcessor Images => store.Services.GetRequiredService<IImageProcessor>();

    /// <summary>
    /// A PNG that says it is 7000 × 6000 pixels, of a few hundred bytes: a compressed file that would take 168 MB once
    /// decoded. Only its header is real; nothing past it may be read.
    /// </summary>
    private static byte[] HugePngHeader(int width, int height)
    {
        using var file = new MemoryStream();
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per channel
        header[9] = 2; // RGB
        Chunk(file, "IHDR", header);
        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.SmallestSize, leaveOpen: true))
            zlib.Write(new byte[(width * 3 + 1) * 4]);
        Chunk(file, "IDAT", pixels.ToArray());
        Chunk(file, "IEND", []);
        return file.ToArray();
    }

    private static void Chunk(Stream file, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        file.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        file.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        file.Write(crc);
    }

    /// <summary>The CRC-32 every PNG chunk ends with (ISO 3309, as the PNG specification gives it).</summary>
    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    [Fact]
    public async Task A_picture_of_more_than_40_megapixels_is_refused_before_it_is_decoded_with_a_clear_message()
    {
        using var upload = new MemoryStream(HugePngHeader(7000, 6000));

        var refused = await Assert.ThrowsAsync<InvalidImageException>(() => Images.ProcessAsync(upload, "test/limits", CancellationToken.None));

        Assert.Equal("That picture is too large (7000 × 6000 pixels). Please keep it under 8000 pixels on each side and 40 megapixels " +
                     "in all, for example by saving a smaller copy.", refused.Message);
    }

    [Fact]
    public async Task A_large_photo_is_decoded_at_the_size_its_largest_copy_needs_and_keeps_its_picture()
    {
        // 4000 × 3000: red on the left half, blue on the right.
        using var bitmap = new SKBitmap(4000, 3000);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Red);
            using var blue = new SKPaint { Color = SKColors.Blue };
            canvas.DrawRect(2000, 0, 2000, 3000, blue);
        }
        using var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        using var upload = new MemoryStream(jpeg.ToArray());

        var processed = await Images.ProcessAsync(upload, $"test/limits-{Guid.NewGuid():N}", CancellationToken.None);

        Assert.Equal((4000, 3000), (processed.Width, processed.Height));
        Assert.Equal([(320, 240), (640, 480), (1280, 960)], processed.Variants.Select(v => (v.Width, v.Height)));
        var stored = await store.Services.GetRequiredService<IFileStorage>().GetAsync(processed.Largest.Path, CancellationToken.None);
        Assert.NotNull(stored);
        using var largest = SKBitmap.Decode(stored.Content);
        Assert.Equal((1280, 960), (largest.Width, largest.Height));
        var left = largest.GetPixel(100, 480);
        var right = largest.GetPixel(1180, 480);
        Assert.True(left.Red > 200 && left.Blue < 60, $"left of the copy should be red, is {left}");
        Assert.True(right.Blue > 200 && right.Red < 60, $"right of the copy should be blue, is {right}");
    }
}
