namespace FibroStore.SiteServices.Audit;

internal sealed class AuditLog(SiteServicesDbContext db) : IAuditLog
{
    public async Task<AuditRecords> SearchAsync(AuditSearch search, CancellationToken ct)
    {
        var areas = search.Areas.ToList();
        var entries = db.AuditEntries.AsNoTracking().Where(a => areas.Contains(a.Area));
        if (search.ActionPrefix is { } action)
        {
            var pattern = LikePattern.StartingWith(action);
            entries = entries.Where(a => EF.Functions.Like(a.Action, pattern));
        }
        if (search.ActorId is { } actor)
            entries = entries.Where(a => a.ActorId == actor);
        if (search.Entity is { } entity)
            entries = entries.Where(a => a.EntityType == entity || a.EntityId == entity);
        if (search.From is { } from)
            entries = entries.Where(a => a.At >= from);
        if (search.To is { } to)
            entries = entries.Where(a => a.At < to);
        // One row more than a page tells whether there is a next page without counting every match.
        var rows = await entries
            .OrderByDescending(a => a.At).ThenBy(a => a.Id)
            .Skip((search.PageNumber - 1) * IAuditLog.PageSize).Take(IAuditLog.PageSize + 1)
            .Select(a => new AuditRecord(a.At, a.ActorId, a.Area, a.Action, a.EntityType, a.EntityId, a.Before, a.After))
            .ToListAsync(ct);
        return new AuditRecords(rows.Take(IAuditLog.PageSize).ToList(), rows.Count > IAuditLog.PageSize);
    }
}
