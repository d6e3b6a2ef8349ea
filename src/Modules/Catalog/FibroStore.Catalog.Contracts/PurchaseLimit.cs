namespace FibroStore.Catalog.Contracts;

/// <summary>Catalog's one rule for how many of a variant a shopper may buy at once: one cart line's cap.</summary>
public static class PurchaseLimit
{
    /// <summary>The most one cart line holds whatever the stock: more than anyone needs at once, and a bound on holds.</summary>
    public const int PerCartLine = 99;

    /// <summary>
    /// How many one cart line may hold now: <see cref="PerCartLine"/>, or fewer when only that many can be bought
    /// (on hand less what open checkouts hold). Stock that is not counted, or may be back-ordered, is not a limit.
    /// </summary>
    public static int ForLine(bool trackStock, bool allowBackorder, int available) =>
        !trackStock || allowBackorder ? PerCartLine : Math.Clamp(available, 0, PerCartLine);
}
