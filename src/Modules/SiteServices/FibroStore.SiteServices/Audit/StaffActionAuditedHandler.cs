using Mediator;

namespace FibroStore.SiteServices.Audit;

/// <summary>Writes the audit row for a staff action reported by any module; a redelivery writes nothing new.</summary>
internal sealed class StaffActionAuditedHandler(SiteServicesDbContext db) : INotificationHandler<StaffActionAudited>
{
    public async ValueTask Handle(StaffActionAudited notification, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO siteservices.audit_entries (id, at, actor_id, area, action, entity_type, entity_id, before, after)
            VALUES ({notification.EventId}, {notification.At}, {notification.ActorId}, {notification.Area},
                    {notification.Action}, {notification.EntityType}, {notification.EntityId},
                    {notification.Before}::jsonb, {notification.After}::jsonb)
            ON CONFLICT (id) DO NOTHING
            """, cancellationToken);
    }
}
