namespace FibroStore.ArchitectureTests;

/// <summary>Finds a cycle in a dependency graph (node → the nodes it depends on) by depth-first search.</summary>
internal static class DependencyCycles
{
    /// <summary>One cycle as its path (the first node repeated at the end), or null when the graph has none.</summary>
    public static IReadOnlyList<string>? Find(IReadOnlyDictionary<string, IReadOnlySet<string>> graph)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        var onPath = new HashSet<string>(StringComparer.Ordinal);

        IReadOnlyList<string>? Visit(string node)
        {
            if (onPath.Contains(node))
                return [.. path.Skip(path.IndexOf(node)), node];
            if (!done.Add(node))
                return null;
            path.Add(node);
            onPath.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? new HashSet<string>())
            {
                if (Visit(next) is { } cycle)
                    return cycle;
            }
            path.RemoveAt(path.Count - 1);
            onPath.Remove(node);
            return null;
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(node) is { } cycle)
                return cycle;
        }
        return null;
    }
}
