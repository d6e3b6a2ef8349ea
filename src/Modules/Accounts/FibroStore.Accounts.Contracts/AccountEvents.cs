using FibroStore.SharedKernel.Messaging;

namespace FibroStore.Accounts.Contracts;

/// <summary>
/// A person deleted their account. Every module that holds data about them by account id must erase or anonymise it.
/// It carries no email address, so the outbox that stores it keeps none: data found by address was erased while the
/// account was deleted, through <c>IPersonalDataEraser</c>.
/// </summary>
public sealed record AccountDeleted(string UserId, DateTimeOffset At) : IntegrationEvent;
