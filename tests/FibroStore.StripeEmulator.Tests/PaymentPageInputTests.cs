using System.Text;

namespace FibroStore.StripeEmulator.Tests;

/// <summary>The payment page takes its own form only; anything else is refused with a 4xx page and pays nothing.</summary>
public sealed class PaymentPageInputTests : IAsyncLifetime
{
    private readonly EmulatorHost host = new();

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task A_payment_posted_as_json_is_refused_with_415_and_the_session_stays_open()
    {
        var session = await host.CreateSessionAsync();
        var json = """{"email":"ada@example.org","card_number":"4242 4242 4242 4242","expiry":"12 / 40","cvc":"123"}""";

        var response = await host.Browser.PostAsync($"/stripe-emulator/pay/{session.Id}", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("This page takes the payment form only", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("open", (await host.Sessions.GetAsync(session.Id)).Status);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("card_number")]
    [InlineData("line1")]
    [InlineData("country")]
    public async Task A_null_character_in_any_field_is_refused_with_400_and_the_session_stays_open(string field)
    {
        var session = await host.CreateSessionAsync();
        var fields = new Dictionary<string, string>
        {
            ["email"] = "ada@example.org", ["name"] = "Ada Lovelace", ["method"] = "card",
            ["card_number"] = "4242 4242 4242 4242", ["expiry"] = "12 / 40", ["cvc"] = "123",
            ["line1"] = "12 Elm Street", ["line2"] = "", ["city"] = "Portland", ["state"] = "OR", ["postal_code"] = "97201", ["country"] = "US",
        };
        fields[field] += "\0";

        var response = await host.Browser.PostAsync($"/stripe-emulator/pay/{session.Id}", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The form held characters we cannot use", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("open", (await host.Sessions.GetAsync(session.Id)).Status);
    }

    [Fact]
    public async Task A_bank_transfer_settlement_posted_without_a_form_is_refused_with_415()
    {
        var session = await host.CreateSessionAsync();
        await host.PostPayPageAsync(session.Id, "4242 4242 4242 4242", method: "bank_transfer");

        var response = await host.Browser.PostAsync($"/stripe-emulator/pay/{session.Id}/settle", new StringContent("outcome=succeeded", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("unpaid", (await host.Sessions.GetAsync(session.Id)).PaymentStatus);
    }
}
