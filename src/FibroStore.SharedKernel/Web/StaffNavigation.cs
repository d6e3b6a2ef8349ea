namespace FibroStore.SharedKernel.Web;

/// <summary>One entry in the staff area's navigation, contributed by the module that owns the page.</summary>
public sealed record StaffNavItem(string Title, string Path, string Policy, int Order);

public static class StaffNavigationRegistration
{
    public static IServiceCollection AddStaffNavItem(this IServiceCollection services, StaffNavItem item) =>
        services.AddSingleton(item);
}
