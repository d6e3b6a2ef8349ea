using System.Globalization;
using System.Text;
using Npgsql;

/// <summary>
/// The baseline of bench/export/run.sh: the store's orders CSV (same columns, order and row cap, each order's lines as
/// "2 x Product (Variant)") read with plain Npgsql and written row by row to the response. Times stay in UTC and no
/// cell is escaped against formulas: only the reading and the writing.
/// </summary>
internal static class OrdersCsv
{
    public static async Task WriteAsync(NpgsqlDataSource db, Stream output, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            SELECT o.number, o.placed_at, o.paid_at, o.status, o.email, o.customer_name,
                   (SELECT string_agg(l.quantity || ' x ' || CASE WHEN l.variant_name = '' OR l.variant_name = l.product_name
                           THEN l.product_name ELSE l.product_name || ' (' || l.variant_name || ')' END, '; ' ORDER BY l.position)
                    FROM ordering.order_lines l WHERE l.order_id = o.id),
                   o.subtotal, o.discount, o.shipping, o.tax, o.total, o.amount_refunded, o.carrier, o.tracking_number
            FROM ordering.orders o ORDER BY o.placed_at DESC, o.number DESC LIMIT 100000
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await using var writer = new StreamWriter(output, new UTF8Encoding(true), 1 << 16);
        await writer.WriteLineAsync("number,placed,paid,status,email,name,items,subtotal,discount,shipping,tax,total,refunded,carrier,tracking");
        var row = new StringBuilder();
        while (await reader.ReadAsync(ct))
        {
            row.Clear().Append("FS-").Append(reader.GetInt64(0)).Append(',')
                .Append(reader.GetDateTime(1).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append(',')
                .Append(reader.IsDBNull(2) ? "" : reader.GetDateTime(2).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append(',');
            for (var i = 3; i <= 6; i++) Cell(row, reader.IsDBNull(i) ? "" : reader.GetString(i)).Append(',');
            for (var i = 7; i <= 12; i++) row.Append(reader.GetDecimal(i).ToString("0.00", CultureInfo.InvariantCulture)).Append(',');
            Cell(row, reader.IsDBNull(13) ? "" : reader.GetString(13)).Append(',');
            Cell(row, reader.IsDBNull(14) ? "" : reader.GetString(14));
            await writer.WriteLineAsync(row, ct);
        }
    }

    private static StringBuilder Cell(StringBuilder row, string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? row.Append(text) : row.Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
}
