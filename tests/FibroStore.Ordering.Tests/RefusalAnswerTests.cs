using System.Text;

namespace FibroStore.Ordering.Tests;

/// <summary>Refusals that had no test of their status and message: each is answered with its status and says what to do next.</summary>
public sealed class RefusalAnswerTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task Adding_something_that_cannot_be_bought_is_refused_with_409_and_its_name()
    {
        var gone = await store.AddSellableProductAsync("Sold-out wrap", 12m, 0);
        using var client = store.CreateBrowserClient();
        var response = await StoreFactory.AddToCartAsync(client, gone.VariantId);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Sold-out wrap (Standard) cannot be bought at the moment.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Changing_a_line_that_is_no_longer_in_the_cart_is_refused_with_409()
    {
        var pad = await store.AddSellableProductAsync("Kept pad", 8m, 5);
        var other = await store.AddSellableProductAsync("Never added pad", 8m, 5);
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, pad.VariantId);
        var update = await client.PostFormAsync("/cart", new Dictionary<string, string> { ["variantId"] = other.VariantId.ToString(), ["quantity"] = "2" }, "/cart?handler=Update");
        Assert.Equal(HttpStatusCode.Conflict, update.StatusCode);
        Assert.Contains("That item is no longer in your cart.", await update.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Checking_out_a_cart_whose_item_sold_out_meanwhile_is_refused_with_409_and_holds_nothing()
    {
        var throw_ = await store.AddSellableProductAsync("Last wool throw", 40m, 1);
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, throw_.VariantId);
        await store.PlacePaidOrderAsync(throw_);

        var checkout = await StoreFactory.PostCheckoutAsync(client, "late@example.org");
        Assert.Equal(HttpStatusCode.Conflict, checkout.StatusCode);
        Assert.Contains("Some items in your cart cannot be bought as they are. Please see the notes beside them.", await checkout.Content.ReadAsStringAsync());
        Assert.Equal((0, 0, 0), await store.StockOfAsync(throw_.VariantId));
    }

    [Fact]
    public async Task The_return_page_for_a_payment_the_store_does_not_know_answers_404_and_says_where_the_order_link_is()
    {
        using var client = store.CreateBrowserClient();
        var response = await client.GetAsync($"/checkout/complete?session_id=cs_test_{Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("We could not find a payment with that link. If you have paid, your receipt email has a link to your order.",
            await response.Content.ReadAsStringAsync());
    }
}

/// <summary>A payment provider that answers every new payment page with a server error.</summary>
public sealed class StripeDownStore : StoreFactory
{
    public StripeDownStore() => WithStripeHandler(() => new Refuser());

    private sealed class Refuser : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method != HttpMethod.Post || !request.RequestUri!.AbsolutePath.EndsWith("/v1/checkout/sessions", StringComparison.Ordinal))
                return await base.SendAsync(request, cancellationToken);
            var response = new HttpResponseMessage(HttpStatusCode.InternalServerError)
            {
                Content = new StringContent("""{"error":{"type":"api_error","message":"An unknown error occurred."}}""", Encoding.UTF8, "application/json"),
            };
            response.Headers.Add("Stripe-Should-Retry", "false");
            return response;
        }
    }
}

public sealed class PaymentProviderDownTests(StripeDownStore store) : IClassFixture<StripeDownStore>
{
    [Fact]
    public async Task When_the_payment_page_cannot_be_opened_checkout_answers_503_charges_nothing_and_gives_the_stock_back()
    {
        var pad = await store.AddSellableProductAsync("Patient heat pad", 20m, 5);
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, pad.VariantId, 2);

        var checkout = await StoreFactory.PostCheckoutAsync(client, "patient@example.org");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, checkout.StatusCode);
        Assert.Contains("The payment service could not open a payment page just now. Nothing was charged. Please try again in a minute.",
            await checkout.Content.ReadAsStringAsync());
        Assert.Equal((5, 0, 5), await store.StockOfAsync(pad.VariantId));
    }
}
