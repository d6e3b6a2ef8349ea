using Microsoft.AspNetCore.Mvc;

namespace FibroStore.Accounts.Pages.Staff.People;

/// <summary>Everyone with a staff role, and what each may do. Admins only.</summary>
public sealed class PeoplePage(IMediator mediator) : PageModel
{
    public IReadOnlyList<Person> People { get; private set; } = [];
    [TempData] public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => People = await mediator.Send(new Query(), ct);

    public sealed record Query : IQuery<IReadOnlyList<Person>>;

    public sealed record Person(string Id, string DisplayName, string Email, IReadOnlyList<string> Roles, bool InvitationPending, bool TwoStepOn);

    internal sealed class Handler(AccountsDbContext db) : IQueryHandler<Query, IReadOnlyList<Person>>
    {
        public async ValueTask<IReadOnlyList<Person>> Handle(Query query, CancellationToken cancellationToken)
        {
            var staffRoles = StaffRoles.All.ToList();
            var rows = await (
                from userRole in db.UserRoles
                join role in db.Roles on userRole.RoleId equals role.Id
                join user in db.Users on userRole.UserId equals user.Id
                where staffRoles.Contains(role.Name!)
                select new { user.Id, user.DisplayName, user.Email, Pending = user.PasswordHash == null, user.TwoFactorEnabled, Role = role.Name! })
                .AsNoTracking()
                .ToListAsync(cancellationToken);
            return rows
                .GroupBy(r => r.Id)
                .Select(g => new Person(g.Key, g.First().DisplayName, g.First().Email ?? "",
                    g.Select(r => r.Role).OrderBy(staffRoles.IndexOf).ToList(), g.First().Pending, g.First().TwoFactorEnabled))
                .OrderBy(p => p.DisplayName, StringComparer.CurrentCultureIgnoreCase)
                .ThenBy(p => p.Email, StringComparer.OrdinalIgnoreCase)
                .ToList();
        }
    }
}
