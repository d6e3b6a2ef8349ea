using System.Security.Claims;
using FibroStore.SiteServices.Contracts;
using FibroStore.SharedKernel.Security;

namespace FibroStore.BackOffice.Audit;

/// <summary>Which audit areas a staff member may read: Admins all, others only their own work.</summary>
internal static class AuditVisibility
{
    public static IReadOnlyList<string> AreasFor(ClaimsPrincipal user)
    {
        if (user.IsInRole(StaffRoles.Admin))
            return [AuditAreas.Accounts, AuditAreas.Settings, AuditAreas.Editorial, AuditAreas.Subscribers, AuditAreas.Catalog, AuditAreas.Orders];
        var areas = new List<string>();
        if (user.IsInRole(StaffRoles.Editor))
            areas.AddRange([AuditAreas.Editorial, AuditAreas.Subscribers]);
        if (user.IsInRole(StaffRoles.Merchandiser))
            areas.AddRange([AuditAreas.Catalog, AuditAreas.Orders]);
        return areas;
    }
}
