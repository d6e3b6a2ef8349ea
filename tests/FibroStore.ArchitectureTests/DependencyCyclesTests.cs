namespace FibroStore.ArchitectureTests;

/// <summary>The cycle detector behind <see cref="ModuleBoundaryTests.No_modules_depend_on_each_other_in_a_cycle"/>, on graphs made up here.</summary>
public sealed class DependencyCyclesTests
{
    private static Dictionary<string, IReadOnlySet<string>> Graph(params (string From, string[] To)[] edges) =>
        edges.ToDictionary(e => e.From, e => (IReadOnlySet<string>)e.To.ToHashSet());

    [Fact]
    public void A_graph_with_a_cycle_through_three_modules_is_refused_and_the_cycle_named()
    {
        var graph = Graph(
            ("BackOffice", ["Catalog", "Ordering"]),
            ("Ordering", ["Catalog", "Payments"]),
            ("Catalog", ["Editorial"]),
            ("Editorial", ["Ordering"]),
            ("Payments", []));

        var cycle = DependencyCycles.Find(graph);

        Assert.NotNull(cycle);
        Assert.Equal(["Catalog", "Editorial", "Ordering", "Catalog"], cycle);
    }

    [Fact]
    public void Two_modules_that_depend_on_each_other_are_a_cycle()
    {
        Assert.NotNull(DependencyCycles.Find(Graph(("Accounts", ["Subscribers"]), ("Subscribers", ["Accounts"]))));
    }

    [Fact]
    public void A_graph_where_many_modules_share_dependencies_without_a_cycle_passes()
    {
        var graph = Graph(
            ("BackOffice", ["Accounts", "Catalog", "Editorial", "Ordering", "Subscribers", "SiteServices"]),
            ("Ordering", ["Accounts", "Catalog", "Payments", "Subscribers", "SiteServices"]),
            ("Editorial", ["Accounts", "Catalog", "SiteServices"]),
            ("Subscribers", ["Accounts", "Editorial", "SiteServices"]),
            ("Catalog", ["SiteServices"]),
            ("Accounts", ["SiteServices"]),
            ("Payments", []),
            ("SiteServices", []));

        Assert.Null(DependencyCycles.Find(graph));
    }
}
