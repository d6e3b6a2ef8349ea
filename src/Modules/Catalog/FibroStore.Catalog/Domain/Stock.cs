namespace FibroStore.Catalog.Domain;

internal enum StockMovementKind { Received, Adjusted, Returned, Reserved, Released, Sold }

/// <summary>One change to a variant's stock. On hand and reserved always equal the sums of these rows.</summary>
internal sealed class StockMovement
{
    public const int MaxReasonLength = 300;

    public long Id { get; init; }
    public Guid VariantId { get; init; }
    public StockMovementKind Kind { get; init; }
    public int OnHandDelta { get; init; }
    public int ReservedDelta { get; init; }
    public string Reason { get; init; } = "";
    /// <summary>The staff member's id, or the name of the process ("checkout", "import", "seed").</summary>
    public string Actor { get; init; } = "";
    public Guid? ReservationId { get; init; }
    public DateTimeOffset At { get; init; }
}

internal enum ReservationStatus { Held, Released, Committed }

internal sealed class StockReservation
{
    public Guid Id { get; init; }
    public ReservationStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? ClosedAt { get; set; }
    public List<StockReservationLine> Lines { get; } = [];
}

internal sealed class StockReservationLine
{
    public Guid ReservationId { get; init; }
    public Guid VariantId { get; init; }
    public int Quantity { get; init; }
    /// <summary>Whether the counters moved when it was held, so release and commit undo exactly that even if tracking was switched since.</summary>
    public bool Tracked { get; init; }
}

/// <summary>Units given back by another module (a refund); its id makes a repeated call change nothing.</summary>
internal sealed class StockReturn
{
    public Guid Id { get; init; }
    public string Reason { get; init; } = "";
    public DateTimeOffset At { get; init; }
}
