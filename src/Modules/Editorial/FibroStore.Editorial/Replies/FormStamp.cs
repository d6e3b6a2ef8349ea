using Microsoft.AspNetCore.DataProtection;

namespace FibroStore.Editorial.Replies;

/// <summary>
/// When the reply form was opened, signed so it cannot be forged. Pages with the form are cached, so the stamp
/// is fetched per visitor by editorial.js rather than printed into the page.
/// </summary>
internal sealed class FormStamp(IDataProtectionProvider protection, TimeProvider clock)
{
    private readonly IDataProtector protector = protection.CreateProtector("FibroStore.Editorial.ReplyFormStamp");

    public string Issue() => protector.Protect(clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    /// <summary>How long ago the stamp was issued, or null if it is not one of ours.</summary>
    public TimeSpan? Age(string? stamp)
    {
        if (string.IsNullOrEmpty(stamp)) return null;
        try
        {
            var issued = long.Parse(protector.Unprotect(stamp), CultureInfo.InvariantCulture);
            return clock.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(issued);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
