using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;

namespace FibroStore.Catalog.Stock;

/// <summary>
/// The only code that moves stock counters. Each change is a conditional UPDATE (the row lock it takes makes
/// concurrent changes queue up and re-check the condition) plus a ledger row, committed together. A checkout's hold,
/// release or sale evicts a product's cached pages only when it changes the stock in words the shop shows ("In stock"
/// stays "In stock" while 40 become 39): a busy sale would otherwise empty every instance's shop pages with each
/// checkout. The best-selling order follows sales as those pages expire, within ten minutes.
/// </summary>
internal sealed class StockLedger(CatalogDbContext db, TimeProvider clock, IOptions<CatalogOptions> options, CatalogCache cache)
    : ICatalogStock
{
    public const string CheckoutActor = "checkout";
    public const string ReturnActor = "refund";

    public async Task<IReadOnlyDictionary<Guid, SellableVariant>> GetVariantsAsync(IReadOnlyCollection<Guid> variantIds, CancellationToken ct)
    {
        var ids = variantIds.Distinct().ToList();
        var rows = await db.Variants.AsNoTracking()
            .Where(v => ids.Contains(v.Id))
            .Select(v => new
            {
                v.Id, v.ProductId, v.Product.Slug, ProductName = v.Product.Name, v.Name, v.Sku, v.Price, v.WeightGrams,
                v.TrackStock, v.AllowBackorder, v.OnHand, v.Reserved, v.LowStockThreshold, v.IsArchived, v.Product.Status,
                Image = v.Product.Images.OrderBy(i => i.Position).Select(i => i.CardUrl).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var currency = options.Value.Currency;
        return rows.ToDictionary(r => r.Id, r =>
        {
            var level = StockLevel.Of(r.TrackStock, r.AllowBackorder, r.OnHand, r.Reserved, r.LowStockThreshold);
            var sellable = !r.IsArchived && r.Status == ProductStatus.Active;
            return new SellableVariant(r.Id, r.ProductId, r.Slug, r.ProductName, r.Name, r.Sku, r.Price, currency, r.WeightGrams,
                r.TrackStock, r.AllowBackorder, r.TrackStock ? r.OnHand - r.Reserved : int.MaxValue, sellable && level.CanBuy, r.Image);
        });
    }

    public async Task<StockReservationResult> ReserveAsync(Guid reservationId, IReadOnlyList<StockLine> lines, DateTimeOffset expiresAt, CancellationToken ct)
    {
        if (lines.Count == 0 || lines.Any(l => l.Quantity is < 1 or > PurchaseLimit.PerCartLine))
            throw new ArgumentException($"A reservation needs at least one line, each for 1 to {PurchaseLimit.PerCartLine} units.", nameof(lines));
        // One line per variant, taken in id order: every transaction locks rows in the same order, so none deadlock.
        var merged = lines.GroupBy(l => l.VariantId)
            .Select(g => new StockLine(g.Key, g.Sum(l => l.Quantity)))
            .OrderBy(l => l.VariantId)
            .ToList();
        var now = clock.GetUtcNow();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // See the contract: the caller's next durable commit makes this one durable too.
        await db.Database.ExecuteSqlRawAsync("SET LOCAL synchronous_commit = off", ct);
        // A concurrent call with the same id waits here for the first to finish, then sees its row.
        var claimed = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO catalog.stock_reservations (id, status, created_at, expires_at)
            VALUES ({reservationId}, {nameof(ReservationStatus.Held)}, {now}, {expiresAt})
            ON CONFLICT (id) DO NOTHING
            """, ct);
        if (claimed == 0)
        {
            var status = await db.Reservations.Where(r => r.Id == reservationId).Select(r => r.Status).SingleAsync(ct);
            return new(status == ReservationStatus.Released ? ReservationOutcome.Closed : ReservationOutcome.AlreadyReserved, []);
        }

        var ids = merged.Select(l => l.VariantId).ToList();
        var variants = await db.Variants.AsNoTracking()
            .Where(v => ids.Contains(v.Id))
            .Select(v => new { v.Id, v.TrackStock, Sellable = !v.IsArchived && v.Product.Status == ProductStatus.Active })
            .ToDictionaryAsync(v => v.Id, ct);

        var shortfalls = new List<StockShortfall>();
        var tracked = new List<StockLine>();
        foreach (var line in merged)
        {
            if (!variants.TryGetValue(line.VariantId, out var variant) || !variant.Sellable)
            {
                shortfalls.Add(new(line.VariantId, StockProblem.NotSellable, line.Quantity, 0));
                continue;
            }
            if (variant.TrackStock)
            {
                tracked.Add(line);
                db.StockMovements.Add(new StockMovement
                {
                    VariantId = line.VariantId, Kind = StockMovementKind.Reserved, ReservedDelta = line.Quantity,
                    Reason = "Held for checkout", Actor = CheckoutActor, ReservationId = reservationId, At = now,
                });
            }
            db.ReservationLines.Add(new StockReservationLine
            {
                ReservationId = reservationId, VariantId = line.VariantId, Quantity = line.Quantity, Tracked = variant.TrackStock,
            });
        }
        // The rows are written before the counters are taken: a counter's row lock is then held only for its UPDATE
        // and the commit, and a product many are buying at once queues its buyers for no longer than that.
        await db.SaveChangesAsync(ct);

        var changedProducts = new List<Guid>();
        foreach (var line in tracked)
        {
            var taken = await UpdateCountersAsync($"""
                UPDATE catalog.variants v SET reserved = v.reserved + {line.Quantity}
                WHERE v.id = {line.VariantId} AND v.track_stock AND (v.allow_backorder OR v.on_hand - v.reserved >= {line.Quantity})
                """, ct);
            if (taken.Count == 0)
            {
                var available = await db.Variants.Where(v => v.Id == line.VariantId).Select(v => v.OnHand - v.Reserved).SingleAsync(ct);
                shortfalls.Add(new(line.VariantId, StockProblem.NotEnoughStock, line.Quantity, Math.Max(0, available)));
            }
            else if (taken[0].WordsChanged(reservedDelta: line.Quantity, onHandDelta: 0))
            {
                changedProducts.Add(taken[0].ProductId);
            }
        }

        if (shortfalls.Count > 0)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return new(ReservationOutcome.Refused, shortfalls);
        }
        await tx.CommitAsync(ct);
        await EvictAsync(changedProducts, ct);
        return new(ReservationOutcome.Reserved, []);
    }

    public async Task<bool> ReleaseAsync(Guid reservationId, CancellationToken ct) =>
        await CloseAsync(reservationId, ReservationStatus.Released, ct) == CloseResult.Closed;

    public async Task<CommitOutcome> CommitAsync(Guid reservationId, CancellationToken ct) =>
        await CloseAsync(reservationId, ReservationStatus.Committed, ct) switch
        {
            CloseResult.Closed => CommitOutcome.Committed,
            CloseResult.AlreadyThere => CommitOutcome.AlreadyCommitted,
            _ => CommitOutcome.NotHeld,
        };

    public async Task<bool> ReturnToStockAsync(Guid returnId, IReadOnlyList<StockLine> lines, string reason, CancellationToken ct)
    {
        if (lines.Count == 0 || lines.Any(l => l.Quantity is < 1 or > Variant.MaxStockChange))
            throw new ArgumentException($"A return needs at least one line, each for 1 to {Variant.MaxStockChange} units.", nameof(lines));
        var merged = lines.GroupBy(l => l.VariantId)
            .Select(g => new StockLine(g.Key, g.Sum(l => l.Quantity)))
            .OrderBy(l => l.VariantId)
            .ToList();
        var now = clock.GetUtcNow();
        reason = reason.Length > StockMovement.MaxReasonLength ? reason[..StockMovement.MaxReasonLength] : reason;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The return's row is claimed first: a concurrent call with the same id waits on it, then finds it and stops.
        var claimed = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO catalog.stock_returns (id, reason, at)
            VALUES ({returnId}, {reason}, {now})
            ON CONFLICT (id) DO NOTHING
            """, ct);
        if (claimed == 0)
            return false;

        foreach (var line in merged)
        {
            var q = line.Quantity;
            var returned = await db.Variants.Where(v => v.Id == line.VariantId && v.TrackStock)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.OnHand, v => v.OnHand + q), ct);
            if (returned == 0) continue;
            db.StockMovements.Add(new StockMovement
            {
                VariantId = line.VariantId, Kind = StockMovementKind.Returned, OnHandDelta = q, Reason = reason, Actor = ReturnActor, At = now,
            });
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        var ids = merged.Select(l => l.VariantId).ToList();
        var slugs = await db.Variants.Where(v => ids.Contains(v.Id)).Select(v => v.Product.Slug).Distinct().ToListAsync(ct);
        await cache.EvictProductsAsync(slugs, ct);
        return true;
    }

    /// <summary>Releases held reservations whose time ran out (a checkout that was never paid). Returns how many.</summary>
    public async Task<int> ReleaseExpiredAsync(int max, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var expired = await db.Reservations.AsNoTracking()
            .Where(r => r.Status == ReservationStatus.Held && r.ExpiresAt < now)
            .OrderBy(r => r.ExpiresAt).Select(r => r.Id).Take(max)
            .ToListAsync(ct);
        var released = 0;
        foreach (var id in expired)
            if (await ReleaseAsync(id, ct)) released++;
        return released;
    }

    private enum CloseResult { Closed, AlreadyThere, NotHeld }

    private async Task<CloseResult> CloseAsync(Guid reservationId, ReservationStatus target, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The status change is the lock: of two concurrent closes, only one finds the reservation still held.
        var closed = await db.Reservations
            .Where(r => r.Id == reservationId && r.Status == ReservationStatus.Held)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, target).SetProperty(r => r.ClosedAt, now), ct);
        if (closed == 0)
        {
            var status = await db.Reservations.Where(r => r.Id == reservationId).Select(r => (ReservationStatus?)r.Status).SingleOrDefaultAsync(ct);
            return status == target ? CloseResult.AlreadyThere : CloseResult.NotHeld;
        }

        var lines = await db.ReservationLines.AsNoTracking()
            .Where(l => l.ReservationId == reservationId)
            .OrderBy(l => l.VariantId)
            .ToListAsync(ct);
        var sold = target == ReservationStatus.Committed;
        foreach (var line in lines.Where(l => l.Tracked))
        {
            db.StockMovements.Add(new StockMovement
            {
                VariantId = line.VariantId,
                Kind = sold ? StockMovementKind.Sold : StockMovementKind.Released,
                OnHandDelta = sold ? -line.Quantity : 0,
                ReservedDelta = -line.Quantity,
                Reason = sold ? "Paid order" : "Checkout ended without payment",
                Actor = CheckoutActor, ReservationId = reservationId, At = now,
            });
        }
        // Written before the counters change, as in ReserveAsync: a counter's row lock lasts only its UPDATE and the commit.
        await db.SaveChangesAsync(ct);

        var changedProducts = new List<Guid>();
        foreach (var line in lines)
        {
            var q = line.Quantity;
            if (line.Tracked)
            {
                var soldUnits = sold ? q : 0;
                var after = await UpdateCountersAsync($"""
                    UPDATE catalog.variants v
                    SET reserved = v.reserved - {q}, on_hand = v.on_hand - {soldUnits}, units_sold = v.units_sold + {soldUnits}
                    WHERE v.id = {line.VariantId}
                    """, ct);
                if (after.Count == 1 && after[0].WordsChanged(reservedDelta: -q, onHandDelta: -soldUnits))
                    changedProducts.Add(after[0].ProductId);
            }
            else if (sold)
            {
                await db.Variants.Where(v => v.Id == line.VariantId)
                    .ExecuteUpdateAsync(s => s.SetProperty(v => v.UnitsSold, v => v.UnitsSold + q), ct);
            }
        }
        await tx.CommitAsync(ct);
        await EvictAsync(changedProducts, ct);
        return CloseResult.Closed;
    }

    /// <summary>Runs a variant's counter UPDATE (aliased <c>v</c>) and returns the counters it left, in the same statement.</summary>
    private Task<List<Counters>> UpdateCountersAsync(FormattableString update, CancellationToken ct) =>
        db.Database.SqlQuery<Counters>(FormattableStringFactory.Create(
            update.Format + " RETURNING v.product_id, v.on_hand, v.reserved, v.low_stock_threshold, v.allow_backorder",
            update.GetArguments())).ToListAsync(ct);

    /// <summary>Evicts the pages of products whose stock now reads differently; most holds and sales change none.</summary>
    private async Task EvictAsync(List<Guid> changedProducts, CancellationToken ct)
    {
        if (changedProducts.Count == 0) return;
        var slugs = await db.Products.Where(p => changedProducts.Contains(p.Id)).Select(p => p.Slug).ToListAsync(ct);
        await cache.EvictProductsAsync(slugs, ct);
    }

    /// <summary>
    /// A staff or import change to on hand (received, counted, damaged, returned). Refused (false) when it would
    /// leave fewer on hand than zero, or fewer than are held for checkouts unless the variant allows backorder.
    /// The caller saves: the ledger row joins whatever else (the audit record) it stages in the same SaveChanges.
    /// </summary>
    public async Task<bool> TryAdjustOnHandAsync(Guid variantId, int delta, StockMovementKind kind, string reason, string actor, CancellationToken ct)
    {
        if (delta == 0 || Math.Abs(delta) > Variant.MaxStockChange)
            throw new ArgumentOutOfRangeException(nameof(delta), $"A stock change is between 1 and {Variant.MaxStockChange} units, up or down.");
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Adjust stock inside a transaction, so the ledger row and the counter change commit together.");
        var changed = await db.Variants
            .Where(v => v.Id == variantId && v.OnHand + delta >= 0 && (v.AllowBackorder || !v.TrackStock || v.OnHand + delta >= v.Reserved))
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.OnHand, v => v.OnHand + delta), ct);
        if (changed == 0) return false;
        db.StockMovements.Add(new StockMovement
        {
            VariantId = variantId, Kind = kind, OnHandDelta = delta, Reason = reason, Actor = actor, At = clock.GetUtcNow(),
        });
        return true;
    }

    /// <summary>A tracked variant's counters as a change left them (its UPDATE's RETURNING), and its product.</summary>
    private sealed record Counters(Guid ProductId, int OnHand, int Reserved, int LowStockThreshold, bool AllowBackorder)
    {
        /// <summary>Whether the change by these deltas turned the stock in words into other words (a state, or "only N left").</summary>
        public bool WordsChanged(int reservedDelta, int onHandDelta) =>
            StockLevel.Of(true, AllowBackorder, OnHand, Reserved, LowStockThreshold).Words !=
            StockLevel.Of(true, AllowBackorder, OnHand - onHandDelta, Reserved - reservedDelta, LowStockThreshold).Words;
    }
}
