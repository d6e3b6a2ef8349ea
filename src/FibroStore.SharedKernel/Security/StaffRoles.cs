namespace FibroStore.SharedKernel.Security;

public static class StaffRoles
{
    public const string Admin = "Admin";
    public const string Editor = "Editor";
    public const string Merchandiser = "Merchandiser";

    public static readonly IReadOnlyList<string> All = [Admin, Editor, Merchandiser];
}

/// <summary>Authorization policies; the host defines them, modules name them on their staff pages.</summary>
public static class StaffPolicies
{
    /// <summary>Any staff role: the /staff shell.</summary>
    public const string Staff = "Staff";
    /// <summary>Articles, replies, subscribers: Editors and Admins.</summary>
    public const string Editorial = "Editorial";
    /// <summary>Catalog, stock, orders: Merchandisers and Admins.</summary>
    public const string Merchandising = "Merchandising";
    public const string Admin = "AdminOnly";
}
