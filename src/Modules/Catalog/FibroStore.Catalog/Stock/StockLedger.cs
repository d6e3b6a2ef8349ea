using Microsoft.Extensions.Options;
using Npgsql;

namespace FibroStore.Catalog.Stock;

/// <summary>
/// The only code that moves stock counters. Each change is a conditional UPDATE (the row lock it takes makes
/// concurrent changes queue up and re-check the condition) plus a ledger row, committed together. A checkout's hold,
/// release and sale are each one statement, so a row many are buying at once is locked only while it runs, and each
/// evicts a product's cached pages only when it changes the stock in words the shop shows ("In stock"
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
        var currency = options.Value.Currency;
        var variants = new Dictionary<Guid, SellableVariant>(variantIds.Count);
        await foreach (var r in VariantsByIds(db, variantIds.Distinct().ToArray()).WithCancellation(ct))
        {
            var level = StockLevel.Of(r.TrackStock, r.AllowBackorder, r.OnHand, r.Reserved, r.LowStockThreshold);
            var sellable = !r.IsArchived && r.Status == ProductStatus.Active;
            variants[r.Id] = new SellableVariant(r.Id, r.ProductId, r.Slug, r.ProductName, r.Name, r.Sku, r.Price, currency, r.WeightGrams,
                r.TrackStock, r.AllowBackorder, r.TrackStock ? r.OnHand - r.Reserved : int.MaxValue, sellable && level.CanBuy, r.Image);
        }
        return variants;
    }

    /// <summary>
    /// Read by every add to cart, cart page and checkout: compiled once, so no request builds and translates the query's
    /// expression again (with the cart's reads compiled too, the cart page allocated 125 KB a request instead of 165).
    /// </summary>
    private static readonly Func<CatalogDbContext, Guid[], IAsyncEnumerable<VariantRow>> VariantsByIds =
        EF.CompileAsyncQuery((CatalogDbContext db, Guid[] ids) => db.Variants.AsNoTracking()
            .Where(v => ids.Contains(v.Id))
            .Select(v => new VariantRow(v.Id, v.ProductId, v.Product.Slug, v.Product.Name, v.Name, v.Sku, v.Price, v.WeightGrams,
                v.TrackStock, v.AllowBackorder, v.OnHand, v.Reserved, v.LowStockThreshold, v.IsArchived, v.Product.Status,
                v.Product.Images.OrderBy(i => i.Position).Select(i => i.CardUrl).FirstOrDefault())));

    private sealed record VariantRow(Guid Id, Guid ProductId, string Slug, string ProductName, string Name, string Sku, decimal Price,
        int WeightGrams, bool TrackStock, bool AllowBackorder, int OnHand, int Reserved, int LowStockThreshold, bool IsArchived,
        ProductStatus Status, string? Image);

    public async Task<StockReservationResult> ReserveAsync(Guid reservationId, IReadOnlyList<StockLine> lines, DateTimeOffset expiresAt, CancellationToken ct)
    {
        if (lines.Count == 0 || lines.Any(l => l.Quantity is < 1 or > PurchaseLimit.PerCartLine))
            throw new ArgumentException($"A reservation needs at least one line, each for 1 to {PurchaseLimit.PerCartLine} units.", nameof(lines));
        // One line per variant, in id order: the order shortfalls are told in.
        var merged = lines.GroupBy(l => l.VariantId)
            .Select(g => new StockLine(g.Key, g.Sum(l => l.Quantity)))
            .OrderBy(l => l.VariantId)
            .ToList();
        var now = clock.GetUtcNow();

        var (claimed, priorStatus, rows) = await HoldAsync(reservationId, merged, now, expiresAt, ct);
        if (priorStatus is null && claimed == 0 && rows.Count == merged.Count && rows.All(r => r.Fits))
        {
            // A concurrent call with the same id claimed it first; the statement waited for it to end.
            priorStatus = await db.Reservations.Where(r => r.Id == reservationId).Select(r => r.Status).SingleAsync(ct);
        }
        if (priorStatus is not null)
            return new(priorStatus == ReservationStatus.Released ? ReservationOutcome.Closed : ReservationOutcome.AlreadyReserved, []);

        if (claimed == 0)
        {
            var found = rows.ToDictionary(r => r.VariantId);
            var shortfalls = new List<StockShortfall>();
            foreach (var line in merged)
            {
                if (!found.TryGetValue(line.VariantId, out var row) || !row.Sellable)
                    shortfalls.Add(new(line.VariantId, StockProblem.NotSellable, line.Quantity, 0));
                else if (!row.Fits)
                    shortfalls.Add(new(line.VariantId, StockProblem.NotEnoughStock, line.Quantity, Math.Max(0, row.Available)));
            }
            return new(ReservationOutcome.Refused, shortfalls);
        }

        var changedProducts = rows
            .Where(r => r.After is { } after && after.WordsChanged(reservedDelta: r.Quantity, onHandDelta: 0))
            .Select(r => r.After!.ProductId)
            .ToList();
        await EvictAsync(changedProducts, ct);
        return new(ReservationOutcome.Reserved, []);
    }

    private async Task<(int Claimed, ReservationStatus? PriorStatus, List<HoldRow> Rows)> HoldAsync(Guid reservationId, List<StockLine> merged,
        DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken ct)
    {
        var hold = new NpgsqlBatchCommand(HoldSql);
        hold.Parameters.Add(new NpgsqlParameter<Guid[]>("variant_ids", merged.Select(l => l.VariantId).ToArray()));
        hold.Parameters.Add(new NpgsqlParameter<int[]>("quantities", merged.Select(l => l.Quantity).ToArray()));
        hold.Parameters.Add(new NpgsqlParameter<Guid>("id", reservationId));
        hold.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        hold.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("expires_at", expiresAt));
        hold.Parameters.Add(new NpgsqlParameter<int>("line_count", merged.Count));
        hold.Parameters.Add(new NpgsqlParameter<string>("active", nameof(ProductStatus.Active)));
        hold.Parameters.Add(new NpgsqlParameter<string>("held", nameof(ReservationStatus.Held)));
        hold.Parameters.Add(new NpgsqlParameter<string>("kind", nameof(StockMovementKind.Reserved)));
        hold.Parameters.Add(new NpgsqlParameter<string>("reason", "Held for checkout"));
        hold.Parameters.Add(new NpgsqlParameter<string>("actor", CheckoutActor));
        var claimed = 0;
        ReservationStatus? priorStatus = null;
        var rows = new List<HoldRow>();
        // See the contract: the caller's next durable commit makes this one durable too.
        await InOneTripAsync([new NpgsqlBatchCommand("SELECT set_config('synchronous_commit', 'off', true)"), hold], async reader =>
        {
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                claimed = reader.GetInt32(0);
                priorStatus = reader.IsDBNull(1) ? null : Enum.Parse<ReservationStatus>(reader.GetString(1));
                if (reader.IsDBNull(2))
                    continue;
                var after = reader.IsDBNull(7)
                    ? null
                    : new Counters(reader.GetGuid(7), reader.GetInt32(8), reader.GetInt32(9), reader.GetInt32(10), reader.GetBoolean(11));
                rows.Add(new HoldRow(reader.GetGuid(2), reader.GetBoolean(3), reader.GetBoolean(4), reader.GetInt32(5), reader.GetInt32(6), after));
            }
        }, ct);
        return (claimed, priorStatus, rows);
    }

    /// <summary>
    /// Runs the statements as one batch on this context's connection: one round trip, and one transaction of their own
    /// that commits as the last one ends, so a row lock they take is not held while the answer travels back.
    /// </summary>
    private async Task InOneTripAsync(NpgsqlBatchCommand[] commands, Func<NpgsqlDataReader, Task> read, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
            foreach (var command in commands)
                batch.BatchCommands.Add(command);
            await using var reader = await batch.ExecuteReaderAsync(ct);
            await read(reader);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// A hold in one statement, so its own commit follows at once and a popular variant's row is locked for no longer
    /// than the statement: the variants are locked in id order (no two holds deadlock) and checked under the lock, and
    /// only when every line fits are the reservation, its lines, its ledger rows and the counters written. One row per
    /// variant found, with what it had before and, when held, its counters after.
    /// </summary>
    private const string HoldSql = """
        WITH locked AS MATERIALIZED (
            SELECT v.id, v.product_id, v.track_stock, v.allow_backorder, v.on_hand, v.reserved,
                   NOT v.is_archived AND p.status = @active AS sellable, w.quantity
            FROM unnest(@variant_ids, @quantities) AS w(variant_id, quantity)
            JOIN catalog.variants v ON v.id = w.variant_id
            JOIN catalog.products p ON p.id = v.product_id
            ORDER BY v.id
            FOR NO KEY UPDATE OF v
        ),
        prior AS (SELECT status FROM catalog.stock_reservations WHERE id = @id),
        claimed AS (
            INSERT INTO catalog.stock_reservations (id, status, created_at, expires_at)
            SELECT @id, @held, @now, @expires_at
            WHERE NOT EXISTS (SELECT FROM prior)
              AND (SELECT count(*) FROM locked) = @line_count
              AND (SELECT bool_and(sellable AND (NOT track_stock OR allow_backorder OR on_hand - reserved >= quantity)) FROM locked)
            ON CONFLICT (id) DO NOTHING
            RETURNING id
        ),
        taken AS (
            UPDATE catalog.variants v SET reserved = v.reserved + l.quantity
            FROM locked l, claimed c
            WHERE v.id = l.id AND l.track_stock
            RETURNING v.id, v.product_id, v.on_hand, v.reserved, v.low_stock_threshold, v.allow_backorder
        ),
        held_lines AS (
            INSERT INTO catalog.stock_reservation_lines (reservation_id, variant_id, quantity, tracked)
            SELECT c.id, l.id, l.quantity, l.track_stock FROM claimed c, locked l
        ),
        ledger AS (
            INSERT INTO catalog.stock_movements (variant_id, kind, on_hand_delta, reserved_delta, reason, actor, reservation_id, at)
            SELECT l.id, @kind, 0, l.quantity, @reason, @actor, c.id, @now FROM claimed c, locked l WHERE l.track_stock
        )
        SELECT (SELECT count(*) FROM claimed)::int, (SELECT status FROM prior),
               l.id, l.sellable, l.track_stock AND NOT l.allow_backorder AND l.on_hand - l.reserved < l.quantity,
               l.on_hand - l.reserved, l.quantity,
               t.product_id, t.on_hand, t.reserved, t.low_stock_threshold, t.allow_backorder
        FROM (SELECT 1) AS one
        LEFT JOIN locked l ON true
        LEFT JOIN taken t ON t.id = l.id
        """;

    /// <summary>A variant of a hold as the hold statement found it (locked), and its counters after when the hold was made.</summary>
    private sealed record HoldRow(Guid VariantId, bool Sellable, bool Short, int Available, int Quantity, Counters? After)
    {
        public bool Fits => Sellable && !Short;
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
        var sold = target == ReservationStatus.Committed;
        var close = new NpgsqlBatchCommand(CloseSql);
        close.Parameters.Add(new NpgsqlParameter<Guid>("id", reservationId));
        close.Parameters.Add(new NpgsqlParameter<string>("target", target.ToString()));
        close.Parameters.Add(new NpgsqlParameter<string>("held", nameof(ReservationStatus.Held)));
        close.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", clock.GetUtcNow()));
        close.Parameters.Add(new NpgsqlParameter<bool>("sold", sold));
        close.Parameters.Add(new NpgsqlParameter<string>("kind", (sold ? StockMovementKind.Sold : StockMovementKind.Released).ToString()));
        close.Parameters.Add(new NpgsqlParameter<string>("reason", sold ? "Paid order" : "Checkout ended without payment"));
        close.Parameters.Add(new NpgsqlParameter<string>("actor", CheckoutActor));
        var closed = 0;
        var changedProducts = new List<Guid>();
        await InOneTripAsync([close], async reader =>
        {
            while (await reader.ReadAsync(ct))
            {
                closed = reader.GetInt32(0);
                if (reader.IsDBNull(1) || !reader.GetBoolean(6))
                    continue;
                var q = reader.GetInt32(7);
                var after = new Counters(reader.GetGuid(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetBoolean(5));
                if (after.WordsChanged(reservedDelta: -q, onHandDelta: sold ? -q : 0))
                    changedProducts.Add(after.ProductId);
            }
        }, ct);
        if (closed == 0)
        {
            var status = await db.Reservations.Where(r => r.Id == reservationId).Select(r => (ReservationStatus?)r.Status).SingleOrDefaultAsync(ct);
            return status == target ? CloseResult.AlreadyThere : CloseResult.NotHeld;
        }
        await EvictAsync(changedProducts, ct);
        return CloseResult.Closed;
    }

    /// <summary>
    /// A release or a sale in one statement, for the same reason as <see cref="HoldSql"/>. The status change is the lock:
    /// of two concurrent closes, only one finds the reservation still held. Held units leave reserved (and, when sold,
    /// on hand) as they were taken; a sale counts its units sold whether or not the variant tracked its stock. One row
    /// per variant whose counters changed, and the number of reservations closed (0 or 1).
    /// </summary>
    private const string CloseSql = """
        WITH closed AS (
            UPDATE catalog.stock_reservations SET status = @target, closed_at = @now
            WHERE id = @id AND status = @held
            RETURNING id
        ),
        lines AS MATERIALIZED (
            SELECT l.variant_id, l.quantity, l.tracked
            FROM catalog.stock_reservation_lines l JOIN closed c ON c.id = l.reservation_id
            WHERE l.tracked OR @sold
        ),
        locked AS MATERIALIZED (
            SELECT v.id FROM catalog.variants v JOIN lines l ON l.variant_id = v.id
            ORDER BY v.id
            FOR NO KEY UPDATE OF v
        ),
        counted AS (
            UPDATE catalog.variants v
            SET reserved = v.reserved - CASE WHEN l.tracked THEN l.quantity ELSE 0 END,
                on_hand = v.on_hand - CASE WHEN l.tracked AND @sold THEN l.quantity ELSE 0 END,
                units_sold = v.units_sold + CASE WHEN @sold THEN l.quantity ELSE 0 END
            FROM lines l JOIN locked k ON k.id = l.variant_id
            WHERE v.id = l.variant_id
            RETURNING v.product_id, v.on_hand, v.reserved, v.low_stock_threshold, v.allow_backorder, l.tracked, l.quantity
        ),
        ledger AS (
            INSERT INTO catalog.stock_movements (variant_id, kind, on_hand_delta, reserved_delta, reason, actor, reservation_id, at)
            SELECT l.variant_id, @kind, CASE WHEN @sold THEN -l.quantity ELSE 0 END, -l.quantity, @reason, @actor, @id, @now
            FROM lines l WHERE l.tracked
        )
        SELECT (SELECT count(*) FROM closed)::int, c.product_id, c.on_hand, c.reserved, c.low_stock_threshold, c.allow_backorder, c.tracked, c.quantity
        FROM (SELECT 1) AS one
        LEFT JOIN counted c ON true
        """;

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
