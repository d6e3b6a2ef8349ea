using System.Diagnostics;

namespace FibroStore.Web.Tests.Hardening;

/// <summary>
/// Counts the SQL commands the store sends to one test database, while answering a request, whose text mentions a
/// table, by listening to Npgsql's tracing (every command is an activity carrying its text and database name) and to
/// ASP.NET Core's (each request is an activity the commands it sends sit under). Other test classes' databases, and
/// the store's background work (retention sweeps, the outbox), are not counted.
/// </summary>
public sealed class DatabaseCommandCounter : IDisposable
{
    private const string RequestActivity = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    private readonly ActivityListener listener;
    private int count;

    public DatabaseCommandCounter(string database, string table)
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name != "Npgsql" || !WithinRequest(activity)) return;
                var values = activity.TagObjects.Select(t => t.Value?.ToString() ?? "").Append(activity.DisplayName).ToList();
                if (values.Contains(database) && values.Any(v => v.Contains(table, StringComparison.OrdinalIgnoreCase)))
                    Interlocked.Increment(ref count);
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    public int Count => Volatile.Read(ref count);

    private static bool WithinRequest(Activity activity)
    {
        for (var parent = activity.Parent; parent is not null; parent = parent.Parent)
            if (parent.OperationName == RequestActivity)
                return true;
        return false;
    }

    public void Dispose() => listener.Dispose();
}
