namespace FibroStore.SharedKernel.Images;

public sealed record ImageVariant(int Width, int Height, string Path, string Url);

/// <summary>An uploaded image, checked and re-encoded, with resized copies for small and large screens.</summary>
public sealed record ProcessedImage(int Width, int Height, IReadOnlyList<ImageVariant> Variants)
{
    /// <summary>The largest variant: use it as the default src.</summary>
    public ImageVariant Largest => Variants[^1];

    /// <summary>A srcset value listing every variant.</summary>
    public string SrcSet => string.Join(", ", Variants.Select(v => $"{v.Url} {v.Width}w"));
}

/// <summary>The upload is not an image we accept; <see cref="Exception.Message"/> is written for the person who sent it.</summary>
public sealed class InvalidImageException(string message) : Exception(message);

public interface IImageProcessor
{
    /// <summary>
    /// Decodes the upload (refusing anything that is not a JPEG, PNG, GIF or WebP image, or is too large), strips
    /// its metadata by re-encoding, and stores variants at a few widths under <paramref name="folder"/>.
    /// </summary>
    Task<ProcessedImage> ProcessAsync(Stream upload, string folder, CancellationToken ct);
}
