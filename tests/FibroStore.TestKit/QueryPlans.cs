using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Xunit;

namespace FibroStore.TestKit;

/// <summary>
/// What PostgreSQL plans for the SQL EF generates from a real query. Sequential scans are switched off on the
/// context's own connection, so an empty test table cannot hide a missing index behind a cheap scan.
/// </summary>
public static class QueryPlans
{
    // The command EF runs for the query (ToQueryString's SQL, with its parameters bound).
    public static Task<JsonElement> ExplainAsync<T>(DbContext db, IQueryable<T> query) =>
        ExplainCommandAsync(db, query.CreateDbCommand);

    /// <summary>The plan of a statement the store sends as written (not from a LINQ query), with its positional parameters.</summary>
    public static Task<JsonElement> ExplainAsync(DbContext db, string sql, params object[] parameters) =>
        ExplainCommandAsync(db, () =>
        {
            var command = (Npgsql.NpgsqlCommand)db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            foreach (var value in parameters)
                command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = value });
            return command;
        });

    /// <summary>
    /// The plan of the first command <paramref name="run"/> sends, as it sent it: for a compiled query, whose SQL only
    /// exists once EF runs it. It runs on a twin of <paramref name="db"/> (same options, plus an interceptor that keeps
    /// the command) and the plan is asked for on <paramref name="db"/>.
    /// </summary>
    public static async Task<JsonElement> ExplainWhatRunsAsync<TContext>(TContext db, Func<TContext, Task> run) where TContext : DbContext
    {
        var sent = new SentCommand();
        var options = new DbContextOptionsBuilder<TContext>((DbContextOptions<TContext>)db.GetService<IDbContextOptions>())
            .AddInterceptors(sent).Options;
        await using (var twin = (TContext)Activator.CreateInstance(typeof(TContext), options)!)
            await run(twin);
        Assert.True(sent.Text is not null, "The query sent no command.");
        return await ExplainCommandAsync(db, () =>
        {
            var command = (Npgsql.NpgsqlCommand)db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sent.Text;
            command.Parameters.AddRange(sent.Parameters.ToArray());
            return command;
        });
    }

    /// <summary>Keeps the text and parameters of the first command a context sends.</summary>
    private sealed class SentCommand : DbCommandInterceptor
    {
        public string? Text { get; private set; }
        public List<Npgsql.NpgsqlParameter> Parameters { get; } = [];

        public override ValueTask<InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(System.Data.Common.DbCommand command,
            CommandEventData eventData, InterceptionResult<System.Data.Common.DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Text is null)
            {
                Text = command.CommandText;
                Parameters.AddRange(command.Parameters.Cast<Npgsql.NpgsqlParameter>().Select(p => p.Clone()));
            }
            return ValueTask.FromResult(result);
        }
    }

    private static async Task<JsonElement> ExplainCommandAsync(DbContext db, Func<System.Data.Common.DbCommand> create)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");
            await using var command = create();
            command.CommandText = "EXPLAIN (FORMAT JSON) " + command.CommandText;
            var json = (string)(await command.ExecuteScalarAsync())!;
            return JsonDocument.Parse(json).RootElement[0].GetProperty("Plan").Clone();
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("RESET enable_seqscan");
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Asserts that some step of the plan looks rows up in <paramref name="index"/> by a condition: a scan of the
    /// whole index (which a window over a whole table makes, for instance) does not count.
    /// </summary>
    public static void AssertLooksUp(JsonElement plan, string index) =>
        AssertSomeStep(plan, n => Reads(n, index) && n.TryGetProperty("Index Cond", out _), $"a lookup in {index}");

    /// <summary>
    /// Asserts that some step of the plan reads <paramref name="index"/>, with or without a condition: a partial index
    /// whose own condition is the query's is walked in its order and stopped early.
    /// </summary>
    public static void AssertScans(JsonElement plan, string index) => AssertSomeStep(plan, n => Reads(n, index), $"a scan of {index}");

    private static bool Reads(JsonElement node, string index) =>
        node.TryGetProperty("Index Name", out var name) && name.GetString() == index;

    private static void AssertSomeStep(JsonElement plan, Func<JsonElement, bool> step, string expected)
    {
        var nodes = Flatten(plan).ToList();
        Assert.True(nodes.Any(step), $"Expected {expected}; the plan was:\n{Describe(nodes)}");
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement node)
    {
        yield return node;
        if (node.TryGetProperty("Plans", out var children))
            foreach (var child in children.EnumerateArray())
                foreach (var descendant in Flatten(child))
                    yield return descendant;
    }

    private static string Describe(IEnumerable<JsonElement> nodes) => string.Join("\n", nodes.Select(n =>
        n.GetProperty("Node Type").GetString()
        + (n.TryGetProperty("Index Name", out var name) ? " on " + name.GetString() : "")
        + (n.TryGetProperty("Relation Name", out var relation) ? " of " + relation.GetString() : "")
        + (n.TryGetProperty("Index Cond", out var cond) ? " where " + cond.GetString() : "")));
}
