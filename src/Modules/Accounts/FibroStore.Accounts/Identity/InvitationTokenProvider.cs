using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FibroStore.Accounts.Identity;

/// <summary>
/// Staff invitation links have a token provider and purpose of their own: a password-reset code (or any other
/// Identity token) never opens an invitation, nor the other way round. Like every Identity token it carries the
/// account's security stamp, so inviting again (which changes the stamp) makes earlier links stop working.
/// </summary>
internal sealed class InvitationTokenProvider(
    IDataProtectionProvider dataProtectionProvider,
    IOptions<InvitationTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<StoreUser>> logger)
    : DataProtectorTokenProvider<StoreUser>(dataProtectionProvider, options, logger)
{
    public const string ProviderName = "StaffInvitation";
    public const string Purpose = "AcceptStaffInvitation";
}

internal sealed class InvitationTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public InvitationTokenProviderOptions()
    {
        Name = InvitationTokenProvider.ProviderName;
        TokenLifespan = TimeSpan.FromHours(24);
    }
}
