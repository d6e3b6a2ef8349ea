using System.Diagnostics;

namespace FibroStore.Web.Tests.Hardening;

/// <summary>
/// Counts the SQL commands the store sends to one test database whose text mentions a table, by listening to
/// Npgsql's tracing (every command is an activity carrying its text and database name). Other test classes'
/// databases, and this store's own background work on other tables, are not counted.
/// </summary>
public sealed class DatabaseCommandCounter : IDisposable
{
    private readonly ActivityListener listener;
    private int count;

    public DatabaseCommandCounter(string database, string table)
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                var values = activity.TagObjects.Select(t => t.Value?.ToString() ?? "").Append(activity.DisplayName).ToList();
                if (values.Contains(database) && values.Any(v => v.Contains(table, StringComparison.OrdinalIgnoreCase)))
                    Interlocked.Increment(ref count);
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    public int Count => Volatile.Read(ref count);

    public void Dispose() => listener.Dispose();
}
