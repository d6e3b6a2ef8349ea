using FibroStore.Accounts.Contracts;
using FibroStore.SharedKernel.Data;
using FibroStore.SharedKernel.Privacy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FibroStore.Accounts.Identity;

/// <summary>
/// Identity's user manager, plus the one thing other modules must hear about: a deleted account. Modules that find
/// the person by email address erase their data first (the address is known only until the account is gone); then the
/// event, which names only the id, is staged on the same context the user store saves with, so it is written by the
/// very SaveChanges that deletes. Should the deletion fail after erasing, trying again erases nothing more.
/// </summary>
internal sealed class StoreUserManager(
    IUserStore<StoreUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<StoreUser> passwordHasher,
    IEnumerable<IUserValidator<StoreUser>> userValidators,
    IEnumerable<IPasswordValidator<StoreUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<StoreUser>> logger,
    AccountsDbContext db,
    IEnumerable<IPersonalDataEraser> erasers,
    TimeProvider clock)
    : UserManager<StoreUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators,
        keyNormalizer, errors, services, logger)
{
    public override async Task<IdentityResult> DeleteAsync(StoreUser user)
    {
        if (!string.IsNullOrWhiteSpace(user.Email))
        {
            // One at a time: erasers may share a scoped DbContext.
            foreach (var eraser in erasers)
                await eraser.EraseAsync(user.Id, user.Email, CancellationToken);
        }
        var deleted = new AccountDeleted(user.Id, clock.GetUtcNow());
        db.AddEvent(deleted, deleted.At);
        var result = await base.DeleteAsync(user);
        if (!result.Succeeded)
        {
            // Nothing was deleted (a concurrent edit won), so the event must not ride along with a later save.
            foreach (var staged in db.ChangeTracker.Entries<OutboxMessage>().Where(e => e.Entity.Id == deleted.EventId).ToList())
                staged.State = EntityState.Detached;
        }
        return result;
    }
}
