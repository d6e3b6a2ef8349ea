using Microsoft.AspNetCore.Http;

namespace FibroStore.Ordering.Contracts;

/// <summary>How many items the visitor's cart holds, for the header (filled in by the uncached session-state request).</summary>
public interface ICartCounter
{
    Task<int> CountItemsAsync(HttpContext http, CancellationToken ct);
}
