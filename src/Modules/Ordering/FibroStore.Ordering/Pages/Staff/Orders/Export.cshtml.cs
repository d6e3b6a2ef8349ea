using System.Globalization;
using System.Security.Claims;
using CsvHelper;
using FibroStore.Accounts.Contracts;
using FibroStore.BackOffice.Contracts;
using FibroStore.Ordering.Data;
using FibroStore.Ordering.Domain;
using FibroStore.SharedKernel;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FibroStore.Ordering.Pages.Staff.Orders;

/// <summary>The orders list, with the same filters, as a CSV file for a spreadsheet.</summary>
[RequiresRecentPassword]
public sealed class ExportOrders(IMediator mediator) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? q, string? status, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var filter = OrderList.ReadFilter(q, status, from, to, out var problem);
        if (filter is null) return BadRequest(problem ?? "Those filters cannot be used.");
        var file = await mediator.Send(new Command(filter, User.FindFirstValue(ClaimTypes.NameIdentifier)!), ct);
        return File(file.Content, "text/csv; charset=utf-8", file.Name);
    }

    internal sealed record Command(OrderFilter Filter, string ActorId) : ICommand<CsvFile>;
    internal sealed record CsvFile(byte[] Content, string Name);

    internal sealed class Handler(OrderingDbContext db, ISiteSettings siteSettings, TimeProvider clock) : ICommandHandler<Command, CsvFile>
    {
        /// <summary>A spreadsheet's worth; narrow the dates for more.</summary>
        private const int MaxRows = 100_000;

        private static readonly string[] Columns =
            ["number", "placed", "paid", "status", "email", "name", "items", "subtotal", "discount", "shipping", "tax", "total", "refunded", "carrier", "tracking"];

        public async ValueTask<CsvFile> Handle(Command command, CancellationToken ct)
        {
            var settings = await siteSettings.GetAsync(ct);
            var zone = settings.TimeZone;
            var orders = await command.Filter.Apply(db.Orders.AsNoTracking(), zone)
                .OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Number)
                .Take(MaxRows)
                .ToListAsync(ct);

            using var output = new MemoryStream();
            // A name or email such as "=HYPERLINK(...)" would run as a formula when the file is opened: such text cells are
            // written with a leading apostrophe, which spreadsheets show as text. Amounts are written as numbers, untouched.
            var options = new CsvWriterOptions { Separator = ',', Injection = CsvInjection.Escape, WriteByteOrderMark = true };
            using (var csv = CsvWriter.Create(output, options, leaveOpen: true))
            {
                foreach (var column in Columns) csv.WriteField(column);
                csv.EndRecord();
                foreach (var o in orders)
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
                    csv.EndRecord();
                }
            }

            var now = clock.GetUtcNow();
            var f = command.Filter;
            // Exporting copies customers' details out of the store, so it is recorded like a change (which filters, never the data or the words searched for).
            AuditTrail.Record(db, now, command.ActorId, AuditAreas.Orders, "orders.exported", "Order", "export",
                after: new { Searched = !string.IsNullOrEmpty(f.Search), Status = f.Status?.ToString(), f.From, f.To, Rows = orders.Count });
            await db.SaveChangesAsync(ct);
            return new CsvFile(output.ToArray(), $"orders-{ZonedTime.Local(now, zone):yyyy-MM-dd}.csv");
        }

        private static string Describe(OrderLine line)
        {
            var name = string.IsNullOrEmpty(line.VariantName) || line.VariantName == line.ProductName ? line.ProductName : $"{line.ProductName} ({line.VariantName})";
            return $"{line.Quantity} x {name}";
        }
    }
}
