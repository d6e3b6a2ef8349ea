using System.Text;

namespace FibroStore.Ordering.Tests.Staff;

public sealed class StaffOrderListTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task A_shopper_is_refused_and_a_stranger_is_sent_to_sign_in()
    {
        var (shopper, _) = await store.SignInNewUserAsync();
        foreach (var url in new[] { "/staff/orders", "/staff/orders/export", "/staff/orders/FS-1001", "/staff/shipping", "/staff/discounts" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await shopper.GetAsync(url)).StatusCode);
            using var stranger = store.CreateBrowserClient();
            var response = await stranger.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Identity/Account/Login", response.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Orders_are_found_by_number_email_and_status_newest_first()
    {
        var variant = await store.AddSellableProductAsync("Lavender wheat bag", 12m, 20);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var paid = await store.PlaceOrderAsync(variant, 1, $"paid-{tag}@example.org");
        var waiting = await store.PlaceOrderAsync(variant, 2, $"waiting-{tag}@example.org", bankTransfer: true);
        var staff = await store.MerchandiserAsync();

        var byNumber = await staff.GetPageAsync($"/staff/orders?q={paid}");
        Assert.Contains($"paid-{tag}@example.org", byNumber);
        Assert.DoesNotContain($"waiting-{tag}@example.org", byNumber);
        var byDigits = await staff.GetPageAsync($"/staff/orders?q={waiting["FS-".Length..]}");
        Assert.Contains($"waiting-{tag}@example.org", byDigits);
        Assert.DoesNotContain($"paid-{tag}@example.org", byDigits);

        var byEmail = await staff.GetPageAsync($"/staff/orders?q={tag}");
        Assert.True(byEmail.IndexOf(waiting, StringComparison.Ordinal) < byEmail.IndexOf(paid, StringComparison.Ordinal), "newest first");
        Assert.Contains("Waiting for payment", byEmail);
        Assert.Contains("Paid, being prepared", byEmail);

        var onlyWaiting = await staff.GetPageAsync($"/staff/orders?q={tag}&status=PendingPayment");
        Assert.Contains(waiting, onlyWaiting);
        Assert.DoesNotContain(paid, onlyWaiting);

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Contains(paid, await staff.GetPageAsync($"/staff/orders?q={tag}&from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}"));
        var future = await staff.GetPageAsync($"/staff/orders?q={tag}&from={today.AddDays(2):yyyy-MM-dd}");
        Assert.DoesNotContain(paid, future);
        Assert.Contains("No orders match.", future);
    }

    [Fact]
    public async Task Bad_filters_answer_400_with_a_message()
    {
        var staff = await store.MerchandiserAsync();
        var status = await staff.GetAsync("/staff/orders?status=Shipped%3Bdrop");
        Assert.Equal(HttpStatusCode.BadRequest, status.StatusCode);
        Assert.Contains("Choose a status from the list.", await status.BodyAsync());
        var dates = await staff.GetAsync("/staff/orders?from=2026-05-02&to=2026-05-01");
        Assert.Equal(HttpStatusCode.BadRequest, dates.StatusCode);
        Assert.Contains("before the", await dates.BodyAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.GetAsync("/staff/orders/export?status=Nope")).StatusCode);
    }

    [Fact]
    public async Task The_export_holds_the_filtered_orders_with_formulas_defused_and_is_audited()
    {
        var variant = await store.AddSellableProductAsync("Heat pack", 9.5m, 20);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var risky = await store.PlaceOrderAsync(variant, 2, $"csv-{tag}@example.org", name: "=HYPERLINK(\"http://evil.example\")");
        var other = await store.PlaceOrderAsync(variant, 1, $"other-{tag}@example.org");
        var staff = await store.MerchandiserAsync();

        var response = await staff.GetAsync($"/staff/orders/export?q=csv-{tag}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("number,placed,paid,status,email,name,items,subtotal,discount,shipping,tax,total,refunded,carrier,tracking", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{risky},", lines[1], StringComparison.Ordinal);
        Assert.Contains($"csv-{tag}@example.org", lines[1]);
        Assert.Contains("'=HYPERLINK", lines[1]);
        Assert.DoesNotContain(",=HYPERLINK", lines[1]);
        Assert.DoesNotContain(",\"=HYPERLINK", lines[1]);
        Assert.Contains("2 x Heat pack", lines[1]);
        Assert.Contains(",19.00,", lines[1]);
        Assert.DoesNotContain(other, text);

        Assert.True(await store.AuditCountAsync("orders.exported", "export") >= 1);
    }
}
