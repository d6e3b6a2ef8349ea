using FibroStore.SharedKernel.Security;

namespace FibroStore.Web.Tests.Hardening;

/// <summary>Input nobody means to send is refused with a 4xx and a plain message, never a 500.</summary>
public sealed class RefusedInputTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Theory]
    [InlineData("/search?q=heat%00pack")]
    [InlineData("/checkout/complete?session_id=cs_test_%00a1")]
    [InlineData("/shop?sort=name%00")]
    public async Task A_null_character_in_the_address_is_refused_with_400_and_says_why(string url)
    {
        using var client = store.CreateBrowserClient();

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invisible null character", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_null_character_in_a_form_field_is_refused_before_the_page_uses_it()
    {
        var (merchandiser, _) = await store.SignInNewUserAsync(StaffRoles.Merchandiser);
        var name = $"Courier {Guid.NewGuid():N}";

        var response = await merchandiser.PostFormAsync("/staff/shipping/edit", new Dictionary<string, string>
        {
            ["Input.Name"] = name + "\0", ["Input.Price"] = "4.50", ["Input.Position"] = "1", ["Input.IsActive"] = "true",
        });

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Contains("invisible null character", body, StringComparison.Ordinal);
        Assert.True(body.Contains("<p class=\"meta\">Error code 400</p>", StringComparison.Ordinal), body[body.IndexOf("<main", StringComparison.Ordinal)..][..800]);
        Assert.Equal(0L, await store.SqlAsync("SELECT count(*) FROM ordering.shipping_options WHERE name LIKE @name", ("name", name + "%")));
    }

    [Fact]
    public async Task A_sign_in_whose_keep_me_signed_in_is_neither_yes_nor_no_shows_the_form_again_with_400()
    {
        var email = $"remember-{Guid.NewGuid():N}@example.org";
        await store.CreateUserAsync(email);
        using var client = store.CreateBrowserClient();

        var response = await client.PostFormAsync("/Identity/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = StoreFactory.DefaultPassword, ["Input.RememberMe"] = "maybe",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Sign in</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{email}\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.RememberMe\"", html, StringComparison.Ordinal);
        Assert.False((await client.GetPageAsync("/session/state")).Contains("\"signedIn\":true", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Any_form_with_a_yes_no_box_refuses_a_value_that_is_neither_and_saves_nothing()
    {
        var (merchandiser, _) = await store.SignInNewUserAsync(StaffRoles.Merchandiser);
        var name = $"Parcel {Guid.NewGuid():N}";

        var response = await merchandiser.PostFormAsync("/staff/shipping/edit", new Dictionary<string, string>
        {
            ["Input.Name"] = name, ["Input.Price"] = "4.50", ["Input.Position"] = "1", ["Input.IsActive"] = "1e9",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"value=\"{name}\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.IsActive\"", html, StringComparison.Ordinal);
        Assert.Equal(0L, await store.SqlAsync("SELECT count(*) FROM ordering.shipping_options WHERE name = @name", ("name", name)));
    }

    [Theory]
    [InlineData("utf-7")]
    [InlineData("x-no-such-charset")]
    public async Task A_form_in_a_character_set_the_store_does_not_read_is_refused_with_400(string charset)
    {
        using var client = store.CreateBrowserClient();
        var token = await FormTokenAsync(client);
        var body = new StringContent($"__RequestVerificationToken={Uri.EscapeDataString(token)}&Input.Name=Ada&Input.Message=%2BADw-script%2BAD4-");
        body.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"application/x-www-form-urlencoded; charset={charset}");

        var response = await client.Http.PostAsync("/contact", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_price_beyond_any_whole_number_is_refused_with_the_price_message_not_a_500()
    {
        var variant = await store.AddSellableProductAsync("Lavender eye pillow", 12m, 3);
        var (merchandiser, _) = await store.SignInNewUserAsync(StaffRoles.Merchandiser);
        var page = $"/staff/catalog/variants/{variant.VariantId}";

        var response = await merchandiser.PostFormAsync(page, new Dictionary<string, string>
        {
            ["Variant.Name"] = "Default", ["Variant.Sku"] = $"EYE-{Guid.NewGuid():N}"[..20], ["Variant.Price"] = "12",
            ["Variant.CompareAtPrice"] = "999999999999.99", ["Variant.WeightGrams"] = "100", ["Variant.LowStockThreshold"] = "1",
        }, page + "?handler=Save");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The compare-at price must be between 0 and 100000.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(DBNull.Value, await store.SqlAsync("SELECT compare_at_price FROM catalog.variants WHERE id = @id", ("id", variant.VariantId)) ?? DBNull.Value);
    }

    private static async Task<string> FormTokenAsync(BrowserClient client)
    {
        using var state = System.Text.Json.JsonDocument.Parse(await client.GetPageAsync("/session/state"));
        return state.RootElement.GetProperty("antiforgery").GetProperty("token").GetString()!;
    }
}
