using Microsoft.Diagnostics.Tracing.Etlx;

// Where a process's allocations come from, from the runtime's allocation samples (one about every 100 KB) in a
// dotnet-trace capture: bytes by type, by the method that allocated, and by every method on the allocating stacks
// (what it and what it calls allocated); with a focus, the heaviest whole stacks through each method whose name
// contains it. Usage: AllocationReport <trace.nettrace> [requests measured] [rows] [focus…]
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: AllocationReport <trace.nettrace> [requests] [rows] [focus…]");
    return 2;
}
var requests = args.Length > 1 ? long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
var rows = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 40;
var focuses = args.Skip(3).ToArray();
var focusStacks = focuses.ToDictionary(f => f, _ => new Dictionary<string, long>());

var byType = new Dictionary<string, long>();
var byAllocator = new Dictionary<string, long>();
var inclusive = new Dictionary<string, long>();
long total = 0;
// TraceEvent resolves stacks from its own format: a converted copy, or the file itself when it is one already.
var etlx = args[0].EndsWith(".etlx", StringComparison.Ordinal)
    ? args[0]
    : TraceLog.CreateFromEventPipeDataFile(args[0], Path.Combine(Path.GetTempPath(), $"allocation-report-{Environment.ProcessId}.etlx"));
using (var log = new TraceLog(etlx))
{
    var source = log.Events.GetSource();
    source.Clr.GCAllocationTick += data =>
    {
        var amount = data.AllocationAmount64;
        total += amount;
        Add(byType, data.TypeName ?? "?", amount);
        var seen = new HashSet<string>();
        var frames = new List<string>();
        var allocator = true;
        for (var frame = data.CallStack(); frame is not null; frame = frame.Caller)
        {
            var method = frame.CodeAddress.FullMethodName;
            if (string.IsNullOrEmpty(method))
                continue;
            if (allocator)
            {
                Add(byAllocator, method, amount);
                allocator = false;
            }
            if (seen.Add(method))
                Add(inclusive, method, amount);
            // The whole stack is kept only when a focus asks for it.
            if (focuses.Length > 0)
                frames.Add(method);
        }
        foreach (var focus in focuses)
        {
            var at = frames.FindIndex(f => f.Contains(focus, StringComparison.Ordinal));
            if (at >= 0)
                Add(focusStacks[focus], string.Join("\n      ", frames.Take(at + 12).Select(Truncate)), amount);
        }
    };
    source.Process();
}
if (etlx != args[0])
    File.Delete(etlx);

Console.WriteLine($"Sampled allocation: {total / 1048576.0:F1} MB" +
    (requests > 0 ? $" over {requests} requests, {total / 1024.0 / requests:F1} KB a request" : ""));
Print("by type", byType);
Print("by the method that allocated", byAllocator);
Print("by method, with what it calls", inclusive);
foreach (var (focus, stacks) in focusStacks)
{
    Console.WriteLine($"== the heaviest stacks through \"{focus}\" (allocating method first)");
    foreach (var (stack, bytes) in stacks.OrderByDescending(p => p.Value).Take(8))
        Console.WriteLine($"{bytes * 100.0 / Math.Max(1, total),6:F1}%  {stack}");
}
return 0;

void Print(string title, Dictionary<string, long> table)
{
    Console.WriteLine($"== {title}");
    foreach (var (name, bytes) in table.OrderByDescending(p => p.Value).Take(rows))
        Console.WriteLine($"{bytes * 100.0 / Math.Max(1, total),6:F1}%  {(requests > 0 ? bytes / 1024.0 / requests : bytes / 1048576.0),9:F2}{(requests > 0 ? " KB" : " MB")}  {Truncate(name)}");
}

static void Add(Dictionary<string, long> table, string key, long amount) =>
    table[key] = table.GetValueOrDefault(key) + amount;

static string Truncate(string name) => name.Length <= 200 ? name : name[..200];
