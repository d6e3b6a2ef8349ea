using System.Text.Json;
using FibroStore.SharedKernel.Privacy;
using Microsoft.AspNetCore.Mvc;

namespace FibroStore.Accounts.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// Replaces the package's download, which only knows the account itself: the file also holds what every other
/// module keeps about the person, one section per <see cref="IPersonalDataContributor"/>.
/// </summary>
public sealed class DownloadPersonalDataPage(IMediator mediator, TimeProvider clock) : PageModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public IActionResult OnGet() => NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var data = await mediator.Send(new Query(User.FindFirstValue(ClaimTypes.NameIdentifier) ?? ""), ct);
        if (data is null)
            return NotFound();
        var day = clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return File(JsonSerializer.SerializeToUtf8Bytes(data, Json), "application/json", $"personal-data-{day}.json");
    }

    /// <summary>Null when the account no longer exists.</summary>
    public sealed record Query(string UserId) : IQuery<IReadOnlyDictionary<string, object?>?>;

    public sealed record AccountSection(
        string Id, string? Email, bool EmailConfirmed, string DisplayName, DateTimeOffset CreatedAt,
        bool TwoFactorEnabled, IReadOnlyList<string> Roles);

    internal sealed class Handler(UserManager<StoreUser> users, IEnumerable<IPersonalDataContributor> contributors)
        : IQueryHandler<Query, IReadOnlyDictionary<string, object?>?>
    {
        public async ValueTask<IReadOnlyDictionary<string, object?>?> Handle(Query query, CancellationToken cancellationToken)
        {
            var user = await users.FindByIdAsync(query.UserId);
            if (user is null)
                return null;

            // The authenticator key is left out on purpose: it is a secret that signs in, not information about the person.
            var data = new Dictionary<string, object?>
            {
                ["account"] = new AccountSection(user.Id, user.Email, user.EmailConfirmed, user.DisplayName, user.CreatedAt,
                    user.TwoFactorEnabled, (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal).ToList()),
            };
            // One at a time: contributors may share a scoped DbContext.
            foreach (var contributor in contributors)
                data[contributor.Section] = await contributor.CollectAsync(user.Id, user.Email ?? "", cancellationToken);
            return data;
        }
    }
}
