using System.Net;
using System.Text.Json;
using FibroStore.Accounts.Data;
using FibroStore.SharedKernel.Privacy;
using FibroStore.TestKit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FibroStore.Accounts.Tests.AccountsTestKit;

namespace FibroStore.Accounts.Tests.Identity.Manage;

public sealed class PersonalDataTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task The_download_holds_the_account_and_a_section_from_every_module_that_keeps_personal_data()
    {
        var email = NewEmail("curious");
        await store.CreateUserAsync(email);
        var withContributor = store.WithWebHostBuilder(b =>
            b.ConfigureTestServices(s => s.AddScoped<IPersonalDataContributor, PostcardContributor>()));
        using var client = new BrowserClient(withContributor.CreateClient(
            new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        var signedIn = await client.PostFormAsync("/Identity/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = StoreFactory.DefaultPassword });
        await signedIn.ExpectAsync(HttpStatusCode.Redirect);

        var response = await client.PostFormAsync("/Identity/Account/Manage/PersonalData", new Dictionary<string, string>(),
            action: "/Identity/Account/Manage/DownloadPersonalData");

        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var account = json.RootElement.GetProperty("account");
        Assert.Equal(email, account.GetProperty("email").GetString());
        Assert.Equal(email.Split('@')[0], account.GetProperty("displayName").GetString());
        Assert.Equal(email, json.RootElement.GetProperty("postcards").GetProperty("sentTo").GetString());
        Assert.False(account.TryGetProperty("authenticatorKey", out _));
    }

    [Fact]
    public async Task Deleting_the_account_stages_exactly_one_AccountDeleted_event_with_the_deletion()
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
        Assert.Contains(email, deleted.Payload, StringComparison.Ordinal);
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
        Assert.DoesNotContain(await store.OutboxAsync("FibroStore.Accounts.Contracts.AccountDeleted"),
            m => m.Payload.Contains(userId, StringComparison.Ordinal));
    }

    private sealed class PostcardContributor : IPersonalDataContributor
    {
        public string Section => "postcards";

        public Task<object?> CollectAsync(string userId, string email, CancellationToken ct) =>
            Task.FromResult<object?>(new { sentTo = email });
    }
}
