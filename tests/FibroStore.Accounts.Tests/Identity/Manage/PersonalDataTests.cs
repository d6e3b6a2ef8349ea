using System.Text.Json;
using FibroStore.StripeEmulator;
using Microsoft.EntityFrameworkCore;

namespace FibroStore.Accounts.Tests.Identity.Manage;

public sealed class PersonalDataTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task The_download_holds_the_account_and_what_the_modules_keep_orders_checkouts_cart_and_subscription()
    {
        var email = NewEmail("curious");
        await store.CreateUserAsync(email);
        var pad = await store.AddSellableProductAsync("Download heat pad", 21m, 10);
        using var client = await store.SignedInClientAsync(email);
        await StoreFactory.AddToCartAsync(client, pad.VariantId);
        var paid = await StoreFactory.StartCheckoutAsync(client, email);
        await store.Stripe.PayAsync(paid, email: email, name: "Casey Curious", address: new TestAddress("5 Willow Lane", "Bath", "BA1 1AA"));
        await store.WaitUntilAsync(async () => await store.CountOrdersForSessionAsync(paid) == 1, "the paid order");
        await StoreFactory.AddToCartAsync(client, pad.VariantId);
        await StoreFactory.StartCheckoutAsync(client, email);
        await StoreFactory.AddToCartAsync(client, pad.VariantId, 2);
        var subscribed = await client.PostFormAsync("/Identity/Account/Manage/Newsletter", new Dictionary<string, string>(),
            action: "/Identity/Account/Manage/Newsletter?handler=Subscribe");
        await subscribed.ExpectAsync(HttpStatusCode.Redirect);

        var response = await client.PostFormAsync("/Identity/Account/Manage/PersonalData", new Dictionary<string, string>(),
            action: "/Identity/Account/Manage/DownloadPersonalData");

        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var account = json.RootElement.GetProperty("account");
        Assert.Equal(email, account.GetProperty("email").GetString());
        Assert.Equal(email.Split('@')[0], account.GetProperty("displayName").GetString());
        Assert.False(account.TryGetProperty("authenticatorKey", out _));

        var shopping = json.RootElement.GetProperty("Orders, checkouts and cart");
        var order = Assert.Single(shopping.GetProperty("orders").EnumerateArray());
        Assert.StartsWith("FS-", order.GetProperty("number").GetString(), StringComparison.Ordinal);
        Assert.Equal(email, order.GetProperty("email").GetString());
        Assert.Equal("Casey Curious", order.GetProperty("name").GetString());
        Assert.Equal("5 Willow Lane", order.GetProperty("deliveryAddress").GetProperty("line1").GetString());
        Assert.Equal("Download heat pad", Assert.Single(order.GetProperty("lines").EnumerateArray()).GetProperty("productName").GetString());
        var checkouts = shopping.GetProperty("checkouts").EnumerateArray().Select(c => c.GetProperty("status").GetString()).ToList();
        Assert.Equal(["Completed", "Open"], checkouts);
        Assert.Equal("Download heat pad", Assert.Single(shopping.GetProperty("cart").EnumerateArray()).GetProperty("productName").GetString());
        Assert.Equal(email, json.RootElement.GetProperty("Email subscription").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Deleting_the_account_stages_exactly_one_AccountDeleted_event_with_the_deletion_and_no_address()
    {
        var email = NewEmail("leaving");
        var userId = await store.CreateUserAsync(email);
        using var client = await store.SignedInClientAsync(email);

        var response = await client.PostFormAsync("/Identity/Account/Manage/DeletePersonalData",
            new Dictionary<string, string> { ["Input.Password"] = StoreFactory.DefaultPassword });

        await response.ExpectAsync(HttpStatusCode.Redirect);
        var events = (await store.OutboxAsync("FibroStore.Accounts.Contracts.AccountDeleted"))
            .Where(m => m.Payload.Contains(userId, StringComparison.Ordinal))
            .ToList();
        var deleted = Assert.Single(events);
        Assert.DoesNotContain(email, deleted.Payload, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@", deleted.Payload, StringComparison.Ordinal);
        Assert.False(await store.InScopeAsync(sp => sp.GetRequiredService<AccountsDbContext>().Users.AnyAsync(u => u.Id == userId)));
    }

    [Fact]
    public async Task A_wrong_password_deletes_nothing_and_stages_no_event()
    {
        var email = NewEmail("staying");
        var userId = await store.CreateUserAsync(email);
        using var client = await store.SignedInClientAsync(email);

        var response = await client.PostFormAsync("/Identity/Account/Manage/DeletePersonalData",
            new Dictionary<string, string> { ["Input.Password"] = "not-my-password" });

        await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("That password is not right.", await response.TextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(await store.OutboxAsync("FibroStore.Accounts.Contracts.AccountDeleted"),
            m => m.Payload.Contains(userId, StringComparison.Ordinal));
    }
}
