using System.Text.Json;

namespace FibroStore.Subscribers.Tests;

public sealed class PersonalDataTests(SubscribersStore store) : IClassFixture<SubscribersStore>
{
    [Fact]
    public async Task The_personal_data_download_holds_the_subscription_of_the_accounts_address()
    {
        var email = SubscribersStore.NewAddress("curious");
        await store.CreateUserAsync(email);
        using var shopper = await store.SignedInClientAsync(email);
        const string newsletter = "/Identity/Account/Manage/Newsletter";
        await shopper.PostFormAsync(newsletter, new Dictionary<string, string>(), action: $"{newsletter}?handler=Subscribe");

        var response = await shopper.PostFormAsync("/Identity/Account/Manage/PersonalData", new Dictionary<string, string>(),
            action: "/Identity/Account/Manage/DownloadPersonalData");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var subscription = Property(json.RootElement, "Email subscription");
        Assert.Equal(email, Property(subscription, "email").GetString());
        Assert.Equal(nameof(SubscriberStatus.Confirmed), Property(subscription, "status").GetString());
        Assert.Equal(nameof(SendPreference.EachArticle), Property(subscription, "preference").GetString());
    }

    /// <summary>Case-blind, because the file's naming policy belongs to Accounts and is not what this test is about.</summary>
    private static JsonElement Property(JsonElement element, string name) =>
        element.EnumerateObject().Single(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;
}
