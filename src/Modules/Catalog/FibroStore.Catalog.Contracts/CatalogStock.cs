namespace FibroStore.Catalog.Contracts;

/// <summary>A variant as checkout sees it now: its price, and whether (and how many) can be bought.</summary>
public sealed record SellableVariant(
    Guid VariantId,
    Guid ProductId,
    string ProductSlug,
    string ProductName,
    string VariantName,
    string Sku,
    decimal Price,
    string Currency,
    int WeightGrams,
    bool TrackStock,
    bool AllowBackorder,
    int Available,
    bool CanBuy,
    string? ImageUrl)
{
    /// <summary>How many one cart line may hold now; 0 when it cannot be bought.</summary>
    public int MaxPerCartLine => CanBuy ? PurchaseLimit.ForLine(TrackStock, AllowBackorder, Available) : 0;

    public string DisplayName => ProductDisplayName.Of(ProductName, VariantName);
}

public sealed record StockLine(Guid VariantId, int Quantity);

public enum StockProblem
{
    /// <summary>Unknown, archived, or its product is not on sale.</summary>
    NotSellable,
    NotEnoughStock,
}

public sealed record StockShortfall(Guid VariantId, StockProblem Problem, int Requested, int Available);

public enum ReservationOutcome
{
    Reserved,
    /// <summary>This reservation id was already held or committed: nothing changed (a retried call).</summary>
    AlreadyReserved,
    /// <summary>Some line could not be held; nothing was reserved. See the shortfalls.</summary>
    Refused,
    /// <summary>This reservation id was released (or expired) before: use a new id for a new attempt.</summary>
    Closed,
}

public sealed record StockReservationResult(ReservationOutcome Outcome, IReadOnlyList<StockShortfall> Shortfalls)
{
    public bool Succeeded => Outcome is ReservationOutcome.Reserved or ReservationOutcome.AlreadyReserved;
}

public enum CommitOutcome
{
    Committed,
    AlreadyCommitted,
    /// <summary>Unknown, or released/expired before payment arrived: the stock is no longer held for it.</summary>
    NotHeld,
}

/// <summary>
/// Stock for checkout. Every call is atomic in the database (conditional updates under row locks, taken in
/// variant order so concurrent checkouts cannot deadlock), so it holds across connections and app instances,
/// and idempotent per reservation id: a retried call changes nothing.
/// </summary>
public interface ICatalogStock
{
    /// <summary>The variants among <paramref name="variantIds"/> that exist, in one query; unknown ids are absent.</summary>
    Task<IReadOnlyDictionary<Guid, SellableVariant>> GetVariantsAsync(IReadOnlyCollection<Guid> variantIds, CancellationToken ct);

    /// <summary>
    /// Holds every line or none. A held reservation not committed by <paramref name="expiresAt"/> is released by Catalog.
    /// The hold's commit does not wait for the disk, so a popular variant's row is locked for moments, not a disk flush:
    /// the caller's next commit that waits for the disk (any of the store's) makes the hold durable as well, and a
    /// caller lets nobody act on a hold before such a commit.
    /// </summary>
    Task<StockReservationResult> ReserveAsync(Guid reservationId, IReadOnlyList<StockLine> lines, DateTimeOffset expiresAt, CancellationToken ct);

    /// <summary>Gives held stock back (cart abandoned, payment failed). False when it was not held (already released or committed).</summary>
    Task<bool> ReleaseAsync(Guid reservationId, CancellationToken ct);

    /// <summary>Turns held stock into a sale once payment succeeded: on hand and reserved both go down.</summary>
    Task<CommitOutcome> CommitAsync(Guid reservationId, CancellationToken ct);

    /// <summary>
    /// Puts sold units back on hand (a refunded order whose items came back). Idempotent per <paramref name="returnId"/>:
    /// false when that return was already made, and nothing changes. Variants that do not track stock are skipped.
    /// </summary>
    Task<bool> ReturnToStockAsync(Guid returnId, IReadOnlyList<StockLine> lines, string reason, CancellationToken ct);
}
