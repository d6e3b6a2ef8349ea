using FibroStore.SharedKernel.Images;

namespace FibroStore.Catalog.Shop;

internal static class ProductImages
{
    /// <summary>Cards show the 640-wide copy when there is one: sharp on phones, small enough for a grid.</summary>
    public static ProductImage From(ProcessedImage processed, string alt, int position) => new()
    {
        Alt = alt,
        Position = position,
        Url = processed.Largest.Url,
        CardUrl = (processed.Variants.FirstOrDefault(v => v.Width >= 640) ?? processed.Largest).Url,
        SrcSet = processed.SrcSet,
        Width = processed.Width,
        Height = processed.Height,
    };
}
