using FibroStore.SharedKernel.Messaging;

namespace FibroStore.Accounts.Contracts;

/// <summary>
/// A person deleted their account. Every module that holds data about them must erase or anonymise it.
/// The email is carried so modules keyed by address (subscribers, guest orders) can find their rows;
/// it is not stored by the audit trail.
/// </summary>
public sealed record AccountDeleted(string UserId, string Email, DateTimeOffset At) : IntegrationEvent;
