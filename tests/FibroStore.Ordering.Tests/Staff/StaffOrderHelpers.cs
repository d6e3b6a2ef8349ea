using System.Text.RegularExpressions;
using FibroStore.SharedKernel.Security;

namespace FibroStore.Ordering.Tests.Staff;

/// <summary>What the staff order tests share: placing orders as a shopper does, reading them back, counting audit rows.</summary>
internal static partial class StaffOrderHelpers
{
    public static async Task<BrowserClient> MerchandiserAsync(this StoreFactory store) =>
        (await store.SignInNewUserAsync(StaffRoles.Merchandiser)).Client;

    /// <summary>A guest checkout paid by card, or by bank transfer (which leaves the order waiting for payment).</summary>
    public static async Task<string> PlaceOrderAsync(this StoreFactory store, TestVariant variant, int quantity, string email,
        string name = "Test Shopper", bool bankTransfer = false)
    {
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, variant.VariantId, quantity);
        string sessionId;
        try
        {
            sessionId = await StoreFactory.StartCheckoutAsync(client, email);
        }
        catch (InvalidOperationException ex)
        {
            // The page only says "try again"; the store's log says why.
            throw new InvalidOperationException(ex.Message[..Math.Min(80, ex.Message.Length)] + "\n" +
                string.Join("\n", store.Logs.Lines.Where(l => l.Contains("payment page", StringComparison.Ordinal)).TakeLast(2)), ex);
        }
        if (bankTransfer) await store.Stripe.PayByBankTransferAsync(sessionId, email: email, name: name);
        else await store.Stripe.PayAsync(sessionId, email: email, name: name);
        await store.WaitUntilAsync(async () => await store.CountOrdersForSessionAsync(sessionId) == 1, $"the order for {sessionId}");
        var number = await store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OrderingDbContext>();
            return await db.Orders.Where(o => db.Checkouts.Any(c => c.Id == o.CheckoutId && c.SessionId == sessionId)).Select(o => o.Number).SingleAsync();
        });
        return Order.FormatNumber(number);
    }

    public static Task<Order> OrderAsync(this StoreFactory store, string number) =>
        store.InScopeAsync(async sp =>
        {
            var n = Order.ParseNumber(number)!.Value;
            return await sp.GetRequiredService<OrderingDbContext>().Orders.AsNoTracking().AsSplitQuery()
                .Include(o => o.History).Include(o => o.Notes).SingleAsync(o => o.Number == n);
        });

    public static Task<List<OrderRefund>> RefundsAsync(this StoreFactory store, Guid orderId) =>
        store.InScopeAsync(sp => sp.GetRequiredService<OrderingDbContext>().Refunds.AsNoTracking().Where(r => r.OrderId == orderId).ToListAsync());

    /// <summary>Audit rows written for this action on this entity, once every outbox has been published.</summary>
    public static async Task<long> AuditCountAsync(this StoreFactory store, string action, string entityId)
    {
        await store.DrainOutboxAsync();
        return (long)(await store.SqlAsync(
            "SELECT count(*) FROM siteservices.audit_entries WHERE area = 'orders' AND action = @action AND entity_id = @entity",
            ("action", action), ("entity", entityId)))!;
    }

    public static async Task<string> BodyAsync(this HttpResponseMessage response) => await response.Content.ReadAsStringAsync();

    public static void AssertRedirectedTo(HttpResponseMessage response, string start)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(start, response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    /// <summary>The refund id the detail page rendered into its refund form.</summary>
    public static async Task<string> RefundIdOnPageAsync(BrowserClient client, string number)
    {
        var page = await client.GetPageAsync($"/staff/orders/{number}");
        return RefundIdPattern().Match(page) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No refund form on the page.");
    }

    public static async Task<string> TokenAsync(BrowserClient client, string url)
    {
        var page = await client.GetPageAsync(url);
        return WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value);
    }

    [GeneratedRegex("name=\"Refund.RefundId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex RefundIdPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
