using System.Text.RegularExpressions;

namespace FibroStore.Ordering.Tests.Staff;

/// <summary>Refunds and order exports need a password typed in the last five minutes (a store per test, on a clock the test moves).</summary>
public sealed partial class StaffPasswordAgainTests : IAsyncLifetime
{
    private readonly ManualClock clock = new();
    private readonly StoreFactory store;

    public StaffPasswordAgainTests() => store = new StoreFactory().WithClock(clock);

    public Task InitializeAsync() => store.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)store).DisposeAsync();

    [Fact]
    public async Task An_export_after_five_minutes_goes_through_the_password_page_first()
    {
        var staff = await store.MerchandiserAsync();
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/staff/orders/export?status=Paid")).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(6));

        var away = await staff.GetAsync("/staff/orders/export?status=Paid");

        Assert.Equal(HttpStatusCode.Redirect, away.StatusCode);
        Assert.Equal("/account/confirm-password?returnUrl=%2Fstaff%2Forders%2Fexport%3Fstatus%3DPaid", away.Headers.Location?.OriginalString);
        var back = await staff.PostFormAsync(away.Headers.Location!.OriginalString, new Dictionary<string, string> { ["RecentPassword"] = StoreFactory.DefaultPassword });
        Assert.Equal("/staff/orders/export?status=Paid", back.Headers.Location?.OriginalString);
        var file = await staff.GetAsync(back.Headers.Location!.OriginalString);
        Assert.Equal("text/csv", file.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_refund_after_five_minutes_waits_for_the_password_then_goes_through_with_the_same_form()
    {
        var variant = await store.AddSellableProductAsync("Wheat bag", 14m, 5);
        var number = await store.PlaceOrderAsync(variant, 1, $"again-{Guid.NewGuid():N}@example.org");
        var staff = await store.MerchandiserAsync();
        var refundId = await StaffOrderHelpers.RefundIdOnPageAsync(staff, number);
        var fields = new Dictionary<string, string>
        {
            ["Refund.RefundId"] = refundId, ["Refund.Reason"] = "Arrived torn.", ["Refund.Quantities[0]"] = "1",
        };
        clock.Advance(TimeSpan.FromMinutes(6));

        var held = await staff.PostFormAsync($"/staff/orders/{number}", fields, $"/staff/orders/{number}?handler=Refund");

        Assert.Equal(HttpStatusCode.Forbidden, held.StatusCode);
        var page = await held.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Confirm your password</h1>", page, StringComparison.Ordinal);
        var prompt = page[page.IndexOf("<h1>Confirm your password</h1>", StringComparison.Ordinal)..];
        Assert.Equal(0m, (await store.OrderAsync(number)).AmountRefunded);
        var carried = HiddenField().Matches(prompt)
            .Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Append(new KeyValuePair<string, string>("RecentPassword", StoreFactory.DefaultPassword));
        var action = WebUtility.HtmlDecode(FormAction().Match(prompt).Groups[1].Value);
        Assert.Equal($"/staff/orders/{number}?handler=Refund", action);

        var refunded = await staff.Http.PostAsync(action, new FormUrlEncodedContent(carried));

        StaffOrderHelpers.AssertRedirectedTo(refunded, $"/staff/orders/{number}?refund={refundId}");
        Assert.Equal(14m, (await store.OrderAsync(number)).AmountRefunded);
    }

    [GeneratedRegex("<input (?:type=\"hidden\" )?name=\"([^\"]+)\" (?:type=\"hidden\" )?value=\"([^\"]*)\"")]
    private static partial Regex HiddenField();

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\"")]
    private static partial Regex FormAction();
}
