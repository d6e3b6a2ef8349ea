using FibroStore.SharedKernel.Data;

namespace FibroStore.Accounts.Data;

/// <summary>The staff roles must exist everywhere, production included, before anyone can be given one.</summary>
internal sealed class StaffRolesSeeder(RoleManager<IdentityRole> roles) : IDataSeeder
{
    public int Order => 0;
    public bool IsDemoContent => false;

    public async Task SeedAsync(CancellationToken ct)
    {
        foreach (var name in StaffRoles.All)
        {
            if (await roles.RoleExistsAsync(name))
                continue;
            var created = await roles.CreateAsync(new IdentityRole(name));
            if (!created.Succeeded)
                throw new InvalidOperationException($"Could not create the {name} role: {string.Join("; ", created.Errors.Select(e => e.Description))}");
        }
    }
}
