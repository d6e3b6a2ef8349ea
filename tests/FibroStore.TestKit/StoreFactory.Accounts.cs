using System.Collections.Concurrent;
using System.Net;
using FibroStore.Accounts.Data;
using Microsoft.AspNetCore.Identity;

namespace FibroStore.TestKit;

public partial class StoreFactory
{
    public const string DefaultPassword = "calm-blue-river-42";

    private readonly ConcurrentDictionary<string, string> authenticatorKeys = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Creates a person with a confirmed email (and any staff roles) straight through Identity; returns the user id.
    /// Staff get an authenticator app, as the store asks of them by default; <see cref="SignedInClientAsync"/> uses it.
    /// </summary>
    public async Task<string> CreateUserAsync(string email, string password = DefaultPassword, params string[] roles)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>();
        var user = new StoreUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email.Split('@')[0], CreatedAt = DateTimeOffset.UtcNow };
        Check(await users.CreateAsync(user, password));
        if (roles.Length > 0)
        {
            Check(await users.AddToRolesAsync(user, roles));
            Check(await users.ResetAuthenticatorKeyAsync(user));
            authenticatorKeys[email] = (await users.GetAuthenticatorKeyAsync(user))!;
            Check(await users.SetTwoFactorEnabledAsync(user, true));
        }
        return user.Id;
    }

    /// <summary>The authenticator key of a person this factory created with a staff role, or one a test registered.</summary>
    public string AuthenticatorKeyOf(string email) =>
        authenticatorKeys.TryGetValue(email, out var key) ? key : throw new InvalidOperationException($"No authenticator is known for {email}.");

    /// <summary>Remembers the key a test read off the set-up page, so later sign-ins can make codes with it.</summary>
    public void RememberAuthenticator(string email, string key) => authenticatorKeys[email] = key;

    /// <summary>
    /// A browser-like client signed in through the real sign-in form, and through the code page with a code from the
    /// person's authenticator when their account asks for one.
    /// </summary>
    public async Task<BrowserClient> SignedInClientAsync(string email, string password = DefaultPassword)
    {
        var client = CreateBrowserClient();
        var response = await client.PostFormAsync("/Identity/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        if (response.StatusCode == HttpStatusCode.Redirect
            && response.Headers.Location?.OriginalString.StartsWith("/Identity/Account/LoginWith2fa", StringComparison.OrdinalIgnoreCase) == true)
        {
            response = await client.PostFormAsync(response.Headers.Location.OriginalString, new Dictionary<string, string>
            {
                ["Input.TwoFactorCode"] = Authenticator.Code(AuthenticatorKeyOf(email)),
            });
        }
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
