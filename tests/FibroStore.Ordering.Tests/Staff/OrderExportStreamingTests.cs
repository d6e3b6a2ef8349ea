using System.Text;

namespace FibroStore.Ordering.Tests.Staff;

public sealed class OrderExportStreamingTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task The_export_is_written_as_it_is_read_not_assembled_in_memory_first_and_every_order_is_in_it()
    {
        var variant = await store.AddSellableProductAsync("Wheat bag", 12m, 200);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var numbers = new List<string>();
        for (var i = 0; i < 12; i++)
            numbers.Add(await store.PlaceOrderAsync(variant, 1, $"stream-{tag}-{i}@example.org", name: $"Reader {i}"));
        var staff = await store.MerchandiserAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/staff/orders/export?q=stream-{tag}");
        var response = await staff.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // A file built in memory first is sent with its length; one written row by row cannot know it in advance.
        Assert.Null(response.Content.Headers.ContentLength);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.StartsWith("orders-", response.Content.Headers.ContentDisposition?.FileNameStar, StringComparison.Ordinal);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(13, lines.Length);
        // Newest first, as on the orders page.
        Assert.Equal(numbers.AsEnumerable().Reverse(), lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.True(await store.AuditCountAsync("orders.exported", "export") >= 1);
    }
}
