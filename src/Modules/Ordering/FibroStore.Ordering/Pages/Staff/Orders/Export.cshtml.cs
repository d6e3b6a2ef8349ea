using System.Globalization;
using CsvHelper;
using FibroStore.Accounts.Contracts;
using Microsoft.Net.Http.Headers;

namespace FibroStore.Ordering.Pages.Staff.Orders;

/// <summary>
/// The orders list, with the same filters, as a CSV file for a spreadsheet. Rows are read and written one at a time
/// straight to the response, so a large export holds one order in memory, not all of them.
/// </summary>
[RequiresRecentPassword]
public sealed class ExportOrders(IMediator mediator) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? q, string? status, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var filter = OrderList.ReadFilter(q, status, from, to, out var problem);
        if (filter is null) return BadRequest(problem ?? "Those filters cannot be used.");
        var fileName = await mediator.Send(new Start(filter, User.StaffId()), ct);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = fileName, FileNameStar = fileName }.ToString();
        await mediator.Send(new Write(filter, Response.Body), ct);
        return new EmptyResult();
    }

    /// <summary>Records the export and names its file.</summary>
    internal sealed record Start(OrderFilter Filter, string ActorId) : ICommand<string>;

    /// <summary>Writes the matching orders as CSV to <paramref name="Output"/>, row by row.</summary>
    internal sealed record Write(OrderFilter Filter, Stream Output) : ICommand;

    internal sealed class Handler(OrderingDbContext db, ISiteSettings siteSettings, TimeProvider clock)
        : ICommandHandler<Start, string>, ICommandHandler<Write>
    {
        /// <summary>A spreadsheet's worth; narrow the dates for more.</summary>
        private const int MaxRows = 100_000;

        private static readonly string[] Columns =
            ["number", "placed", "paid", "status", "email", "name", "items", "subtotal", "discount", "shipping", "tax", "total", "refunded", "carrier", "tracking"];

        public async ValueTask<string> Handle(Start command, CancellationToken ct)
        {
            var zone = (await siteSettings.GetAsync(ct)).TimeZone;
            var rows = Math.Min(MaxRows, await command.Filter.Apply(db.Orders.AsNoTracking(), zone).CountAsync(ct));
            var now = clock.GetUtcNow();
            var f = command.Filter;
            // Exporting copies customers' details out of the store, so it is recorded like a change (which filters, never the
            // data or the words searched for), before the first row leaves.
            AuditTrail.Record(db, now, command.ActorId, AuditAreas.Orders, "orders.exported", "Order", "export",
                after: new { Searched = !string.IsNullOrEmpty(f.Search), Status = f.Status?.ToString(), f.From, f.To, Rows = rows });
            await db.SaveChangesAsync(ct);
            return $"orders-{ZonedTime.Local(now, zone):yyyy-MM-dd}.csv";
        }

        public async ValueTask<Unit> Handle(Write command, CancellationToken ct)
        {
            var zone = (await siteSettings.GetAsync(ct)).TimeZone;
            var orders = command.Filter.Apply(db.Orders.AsNoTracking(), zone)
                .OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Number)
                .Take(MaxRows)
                .AsAsyncEnumerable();

            // A name or email such as "=HYPERLINK(...)" would run as a formula when the file is opened: such text cells are
            // written with a leading apostrophe, which spreadsheets show as text. Amounts are written as numbers, untouched.
            var options = new CsvWriterOptions { Separator = ',', Injection = CsvInjection.Escape, WriteByteOrderMark = true };
            // Only the async calls write to the response (Kestrel allows no blocking writes).
            await using var csv = CsvWriter.Create(command.Output, options, leaveOpen: true);
            foreach (var column in Columns) csv.WriteField(column);
            await csv.EndRecordAsync(ct);
            await foreach (var o in orders.WithCancellation(ct))
            {
                csv.WriteField(o.DisplayNumber);
                csv.WriteField(ZonedTime.Local(o.PlacedAt, zone), "yyyy-MM-dd HH:mm");
                if (o.PaidAt is { } paid) csv.WriteField(ZonedTime.Local(paid, zone), "yyyy-MM-dd HH:mm");
                else csv.WriteField("");
                csv.WriteField(OrderText.Status(o.Status));
                csv.WriteField(o.Email);
                csv.WriteField(o.CustomerName ?? "");
                csv.WriteField(string.Join("; ", o.Lines.OrderBy(l => l.Position).Select(Describe)));
                foreach (var amount in new[] { o.Subtotal, o.Discount, o.Shipping, o.Tax, o.Total, o.AmountRefunded })
                    csv.WriteField(amount, "0.00", CultureInfo.InvariantCulture);
                csv.WriteField(o.Carrier ?? "");
                csv.WriteField(o.TrackingNumber ?? "");
                await csv.EndRecordAsync(ct);
            }
            await csv.FlushAsync(ct);
            return Unit.Value;
        }

        private static string Describe(OrderLine line) => $"{line.Quantity} x {line.DisplayName}";
    }
}
