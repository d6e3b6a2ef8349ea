namespace FibroStore.SharedKernel.Privacy;

/// <summary>
/// A module that finds a person's data by their email address erases or anonymises it while their account is being
/// deleted: the <c>AccountDeleted</c> event names only the account id, so afterwards the address is known nowhere.
/// Data found by account id is handled on that event instead. Erasing twice changes nothing more.
/// </summary>
public interface IPersonalDataEraser
{
    Task EraseAsync(string userId, string email, CancellationToken ct);
}
