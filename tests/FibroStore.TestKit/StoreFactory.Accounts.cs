using System.Net;
using FibroStore.Accounts.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FibroStore.TestKit;

public partial class StoreFactory
{
    public const string DefaultPassword = "calm-blue-river-42";

    /// <summary>Creates a person with a confirmed email (and any staff roles) straight through Identity; returns the user id.</summary>
    public async Task<string> CreateUserAsync(string email, string password = DefaultPassword, params string[] roles)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>();
        var user = new StoreUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email.Split('@')[0], CreatedAt = DateTimeOffset.UtcNow };
        Check(await users.CreateAsync(user, password));
        if (roles.Length > 0)
            Check(await users.AddToRolesAsync(user, roles));
        return user.Id;
    }

    /// <summary>A browser-like client signed in through the real sign-in form.</summary>
    public async Task<BrowserClient> SignedInClientAsync(string email, string password = DefaultPassword)
    {
        var client = CreateBrowserClient();
        var response = await client.PostFormAsync("/Identity/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Signing in {email} answered {(int)response.StatusCode}: {BrowserClient.Shorten(await response.Content.ReadAsStringAsync())}");
        return client;
    }

    /// <summary>A new person with the given roles (none: a shopper), signed in. Returns the client and the user id.</summary>
    public async Task<(BrowserClient Client, string UserId)> SignInNewUserAsync(params string[] roles)
    {
        var email = $"{(roles.Length == 0 ? "shopper" : string.Join("-", roles).ToLowerInvariant())}-{Guid.NewGuid():N}@example.org";
        var id = await CreateUserAsync(email, DefaultPassword, roles);
        return (await SignedInClientAsync(email), id);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
