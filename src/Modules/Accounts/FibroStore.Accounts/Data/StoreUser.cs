namespace FibroStore.Accounts.Data;

/// <summary>A person with an account: a customer, a member of staff, or both.</summary>
internal sealed class StoreUser : IdentityUser
{
    /// <summary>How we greet the person. Besides them, only staff see it: in the people list and, for staff actions, the audit log.</summary>
    [PersonalData, MaxLength(80)]
    public string DisplayName { get; set; } = "";

    [PersonalData]
    public DateTimeOffset CreatedAt { get; set; }
}
