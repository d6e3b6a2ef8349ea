namespace FibroStore.Ordering.Carts;

/// <summary>
/// What a shopper is told when a cart line would pass Catalog's cap (<see cref="SellableVariant.MaxPerCartLine"/>):
/// either all the stock there is, or the most one cart line takes.
/// </summary>
internal static class LineCap
{
    /// <summary>Why <paramref name="adding"/> more cannot join the <paramref name="already"/> in the cart; null when they can.</summary>
    public static string? RefuseAdding(SellableVariant variant, int already, int adding)
    {
        var max = variant.MaxPerCartLine;
        if (already + adding <= max) return null;
        var name = variant.DisplayName;
        var left = max - already;
        if (IsAllWeHave(max))
            return left <= 0
                ? $"Your cart already holds all of {name} that we have."
                : $"Only {left} more of {name} can be added: that is all we have.";
        return left <= 0
            ? $"Your cart already holds {max} of {name}, the most one cart can take."
            : $"Only {left} more of {name} can be added: a cart holds up to {max} of each item.";
    }

    /// <summary>Why a line cannot hold <paramref name="quantity"/> of the variant; null when it can.</summary>
    public static string? RefuseSetting(SellableVariant variant, int quantity)
    {
        var max = variant.MaxPerCartLine;
        if (quantity <= max) return null;
        return IsAllWeHave(max)
            ? $"Only {max} of {variant.DisplayName} are left. Please choose a quantity of {max} or fewer."
            : $"A cart holds up to {max} of each item. Please choose a quantity of {max} or fewer.";
    }

    private static bool IsAllWeHave(int max) => max < PurchaseLimit.PerCartLine;
}
