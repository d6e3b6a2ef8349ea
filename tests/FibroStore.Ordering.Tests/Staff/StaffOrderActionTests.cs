using FibroStore.Ordering.Fulfillment;

namespace FibroStore.Ordering.Tests.Staff;

public sealed class StaffOrderActionTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private static Dictionary<string, string> Ship(string carrier, string tracking, string? other = null) => new()
    {
        ["Ship.Carrier"] = carrier, ["Ship.Tracking"] = tracking, ["Ship.OtherCarrierName"] = other ?? "",
    };

    [Fact]
    public async Task Marking_shipped_records_it_and_emails_the_tracking_link()
    {
        var variant = await store.AddSellableProductAsync("Sleep mask", 8m, 10);
        var email = $"ship-{Guid.NewGuid():N}@example.org";
        var number = await store.PlaceOrderAsync(variant, 1, email);
        var staff = await store.MerchandiserAsync();

        var response = await staff.PostFormAsync($"/staff/orders/{number}", Ship("Royal Mail", " AB123456789GB "), $"/staff/orders/{number}?handler=Ship");

        StaffOrderHelpers.AssertRedirectedTo(response, $"/staff/orders/{number}?done=shipped");
        var order = await store.OrderAsync(number);
        Assert.Equal(OrderStatus.Shipped, order.Status);
        Assert.Equal("Royal Mail", order.Carrier);
        Assert.Equal("AB123456789GB", order.TrackingNumber);
        Assert.Contains(order.History, h => h.Status == OrderStatus.Shipped && h.Note.Contains("AB123456789GB", StringComparison.Ordinal));
        await store.DrainOutboxAsync();
        var mail = await store.Mailbox.WaitForAsync(m => m.To == email && m.Subject.Contains("on its way", StringComparison.Ordinal));
        Assert.Contains("https://www.royalmail.com/track-your-item#/tracking-results/AB123456789GB", mail.TextBody);
        Assert.Contains("AB123456789GB", mail.HtmlBody);
        Assert.Equal(1, await store.AuditCountAsync("order.shipped", number));
        Assert.Contains("Marked as shipped", await staff.GetPageAsync($"/staff/orders/{number}?done=shipped"));

        var again = await staff.PostFormAsync($"/staff/orders/{number}", Ship("DHL", "OTHER1"), $"/staff/orders/{number}?handler=Ship");
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("already been shipped", await again.BodyAsync());

        var delivered = await staff.PostFormAsync($"/staff/orders/{number}", new Dictionary<string, string>(), $"/staff/orders/{number}?handler=Deliver");
        StaffOrderHelpers.AssertRedirectedTo(delivered, $"/staff/orders/{number}?done=delivered");
        Assert.Equal(OrderStatus.Delivered, (await store.OrderAsync(number)).Status);
        Assert.Equal(1, await store.AuditCountAsync("order.delivered", number));
    }

    [Fact]
    public async Task Shipping_with_another_carrier_needs_its_name_and_a_tracking_number()
    {
        var variant = await store.AddSellableProductAsync("Foam roller", 15m, 10);
        var number = await store.PlaceOrderAsync(variant, 1, $"other-{Guid.NewGuid():N}@example.org");
        var staff = await store.MerchandiserAsync();
        var url = $"/staff/orders/{number}?handler=Ship";

        var noTracking = await staff.PostFormAsync($"/staff/orders/{number}", Ship("DHL", "   "), url);
        Assert.Equal(HttpStatusCode.BadRequest, noTracking.StatusCode);
        Assert.Contains("Type the tracking number.", await noTracking.BodyAsync());
        var tooLong = await staff.PostFormAsync($"/staff/orders/{number}", Ship("DHL", new string('9', Order.TrackingMaxLength + 1)), url);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        var unnamed = await staff.PostFormAsync($"/staff/orders/{number}", Ship("Other", "X1"), url);
        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.Contains("Type the name of the carrier.", await unnamed.BodyAsync());
        var forged = await staff.PostFormAsync($"/staff/orders/{number}", Ship("Pigeon Post Ltd", "X1"), url);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(OrderStatus.Paid, (await store.OrderAsync(number)).Status);

        var shipped = await staff.PostFormAsync($"/staff/orders/{number}", Ship("Other", "LOCAL-7", "Village Couriers"), url);
        StaffOrderHelpers.AssertRedirectedTo(shipped, $"/staff/orders/{number}?done=shipped");
        var order = await store.OrderAsync(number);
        Assert.Equal("Village Couriers", order.Carrier);
        Assert.Equal(1, await store.AuditCountAsync("order.shipped", number));
    }

    [Fact]
    public async Task Cancelling_an_unpaid_order_releases_its_stock_and_a_paid_one_cannot_be_cancelled()
    {
        var variant = await store.AddSellableProductAsync("Weighted blanket", 60m, 5);
        var unpaid = await store.PlaceOrderAsync(variant, 2, $"bank-{Guid.NewGuid():N}@example.org", bankTransfer: true);
        Assert.Equal(OrderStatus.PendingPayment, (await store.OrderAsync(unpaid)).Status);
        Assert.Equal((5, 2, 3), await store.StockOfAsync(variant.VariantId));
        var staff = await store.MerchandiserAsync();

        var response = await staff.PostFormAsync($"/staff/orders/{unpaid}", new Dictionary<string, string>(), $"/staff/orders/{unpaid}?handler=Cancel");

        StaffOrderHelpers.AssertRedirectedTo(response, $"/staff/orders/{unpaid}?done=cancelled");
        var order = await store.OrderAsync(unpaid);
        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Contains(order.History, h => h.Status == OrderStatus.Cancelled);
        Assert.Equal((5, 0, 5), await store.StockOfAsync(variant.VariantId));
        Assert.Equal(1, await store.AuditCountAsync("order.cancelled", unpaid));

        var paid = await store.PlaceOrderAsync(variant, 1, $"card-{Guid.NewGuid():N}@example.org");
        var refused = await staff.PostFormAsync($"/staff/orders/{paid}", new Dictionary<string, string>(), $"/staff/orders/{paid}?handler=Cancel");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("refund a paid one instead", await refused.BodyAsync());
        Assert.Equal(OrderStatus.Paid, (await store.OrderAsync(paid)).Status);
        Assert.Equal(0, await store.AuditCountAsync("order.cancelled", paid));
    }

    [Fact]
    public async Task Internal_notes_are_shown_to_staff_and_never_to_the_customer()
    {
        var variant = await store.AddSellableProductAsync("Tens machine", 35m, 5);
        var number = await store.PlaceOrderAsync(variant, 1, $"note-{Guid.NewGuid():N}@example.org");
        var staff = await store.MerchandiserAsync();
        const string note = "Customer phoned: leave with the neighbour at no. 4.";

        var empty = await staff.PostFormAsync($"/staff/orders/{number}", new Dictionary<string, string> { ["Note.Text"] = "  " }, $"/staff/orders/{number}?handler=Note");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Write the note first.", await empty.BodyAsync());

        var added = await staff.PostFormAsync($"/staff/orders/{number}", new Dictionary<string, string> { ["Note.Text"] = note }, $"/staff/orders/{number}?handler=Note");
        StaffOrderHelpers.AssertRedirectedTo(added, $"/staff/orders/{number}?done=noted");
        Assert.Contains("leave with the neighbour", await staff.GetPageAsync($"/staff/orders/{number}"));
        Assert.Single((await store.OrderAsync(number)).Notes);
        Assert.Equal(1, await store.AuditCountAsync("order.note-added", number));

        var order = await store.OrderAsync(number);
        var guestLink = new Uri(store.Services.GetRequiredService<OrderLinks>().GuestLink(order)).PathAndQuery;
        using var customer = store.CreateBrowserClient();
        var customerPage = await customer.GetPageAsync(guestLink);
        Assert.Contains(number, customerPage);
        Assert.DoesNotContain("neighbour", customerPage);
    }

    [Fact]
    public async Task An_unknown_order_is_not_found()
    {
        var staff = await store.MerchandiserAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/staff/orders/FS-99999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/staff/orders/not-a-number")).StatusCode);
    }
}
