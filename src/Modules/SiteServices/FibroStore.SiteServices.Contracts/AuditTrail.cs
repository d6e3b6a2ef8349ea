using System.Text.Json;
using FibroStore.SharedKernel.Data;
using FibroStore.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace FibroStore.SiteServices.Contracts;

/// <summary>The areas staff work in; each role sees the audit rows of its own areas.</summary>
public static class AuditAreas
{
    public const string Accounts = "accounts";
    public const string Settings = "settings";
    public const string Editorial = "editorial";
    public const string Subscribers = "subscribers";
    public const string Catalog = "catalog";
    public const string Orders = "orders";
}

/// <summary>
/// A staff action that changed something. People are recorded by id only, never by name or address: the audit page
/// looks the name up while the account exists, so deleting the account erases it from the log too.
/// </summary>
public sealed record StaffActionAudited(
    string ActorId,
    string Area,
    string Action,
    string EntityType,
    string EntityId,
    string? Before,
    string? After,
    DateTimeOffset At) : IntegrationEvent;

public static class AuditTrail
{
    /// <summary>The actor of what the store did by itself (refusing a payment that did not match), not any account.</summary>
    public const string StoreActor = "store";

    /// <summary>
    /// Records a staff action in the calling module's outbox, so the audit row is written if and only if
    /// the change itself is saved. Pass only non-personal values as before/after.
    /// </summary>
    public static void Record(DbContext db, DateTimeOffset now, string actorId, string area, string action,
        string entityType, string entityId, object? before = null, object? after = null) =>
        db.AddEvent(new StaffActionAudited(actorId, area, action, entityType, entityId,
            before is null ? null : JsonSerializer.Serialize(before, OutboxJson.Options),
            after is null ? null : JsonSerializer.Serialize(after, OutboxJson.Options),
            now), now);
}

/// <summary>What the audit page asks for: the areas the reader may see and the filters they typed.</summary>
/// <param name="ActionPrefix">"articles." finds every article action; LIKE's wildcards in it are taken literally.</param>
/// <param name="Entity">An entity type or an entity id.</param>
public sealed record AuditSearch(IReadOnlyList<string> Areas, string? ActionPrefix, string? ActorId, string? Entity,
    DateTimeOffset? From, DateTimeOffset? To, int PageNumber);

public sealed record AuditRecord(DateTimeOffset At, string ActorId, string Area, string Action, string EntityType, string EntityId,
    string? Before, string? After);

public sealed record AuditRecords(IReadOnlyList<AuditRecord> Rows, bool HasNext);

/// <summary>Reads the audit trail, newest first. Nothing anywhere changes or deletes a row.</summary>
public interface IAuditLog
{
    const int PageSize = 50;

    Task<AuditRecords> SearchAsync(AuditSearch search, CancellationToken ct);
}
