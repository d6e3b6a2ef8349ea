namespace FibroStore.Accounts.Contracts;

/// <summary>
/// Put on a staff page (every handler) or on one page handler whose action is sensitive: role changes, site
/// settings, refunds, exports. Accounts asks for the person's password again unless they entered it (or signed in)
/// within the last few minutes; a form that was being sent is kept and sent on once the password is confirmed.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class RequiresRecentPasswordAttribute : Attribute;
