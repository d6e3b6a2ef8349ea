using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NetArchTest.Rules;

namespace FibroStore.ArchitectureTests;

/// <summary>
/// The rules that keep the monolith modular: modules meet only through each other's .Contracts,
/// contracts depend on nothing but the shared kernel, and each module's tables live in its own schema.
/// </summary>
public sealed partial class ModuleBoundaryTests
{
    public static readonly string[] Modules = ["Accounts", "BackOffice", "Catalog", "Ordering", "Payments", "Editorial", "Subscribers", "SiteServices"];

    /// <summary>BackOffice, the staff shell that reads every module, has no contracts: no module may depend on it.</summary>
    public static readonly string[] ModulesWithContracts = Modules.Where(m => m != "BackOffice").ToArray();

    public static TheoryData<string> ModuleNames => [.. Modules];
    public static TheoryData<string> ModuleNamesWithContracts => [.. ModulesWithContracts];

    [Fact]
    public void The_module_list_names_every_module_folder()
    {
        var folders = Directory.GetDirectories(Path.Combine(RepositoryRoot(), "src", "Modules")).Select(d => Path.GetFileName(d)!).Order().ToList();
        Assert.Equal(Modules.Order().ToList(), folders);
        var withContracts = Modules.Where(m => Directory.Exists(Path.Combine(RepositoryRoot(), "src", "Modules", m, $"FibroStore.{m}.Contracts")));
        Assert.Equal(ModulesWithContracts.Order().ToList(), withContracts.Order().ToList());
    }

    private static Assembly ModuleAssembly(string module) => Assembly.Load($"FibroStore.{module}");
    private static Assembly ContractsAssembly(string module) => Assembly.Load($"FibroStore.{module}.Contracts");

    /// <summary>
    /// Module A depends on module B when A's assembly or A's contracts reference B's assembly or B's contracts. The
    /// compiler keeps only the references code uses, so a project reference nothing uses does not count.
    /// </summary>
    internal static Dictionary<string, IReadOnlySet<string>> ModuleDependencies()
    {
        var owner = Modules.SelectMany(m => new[] { ($"FibroStore.{m}", m), ($"FibroStore.{m}.Contracts", m) })
            .ToDictionary(p => p.Item1, p => p.m);
        return Modules.ToDictionary(m => m, m =>
        {
            var assemblies = ModulesWithContracts.Contains(m) ? [ModuleAssembly(m), ContractsAssembly(m)] : new[] { ModuleAssembly(m) };
            return (IReadOnlySet<string>)assemblies.SelectMany(a => a.GetReferencedAssemblies())
                .Select(r => owner.GetValueOrDefault(r.Name!))
                .Where(other => other is not null && other != m)
                .Select(other => other!)
                .ToHashSet();
        });
    }

    [Fact]
    public void No_modules_depend_on_each_other_in_a_cycle()
    {
        var cycle = DependencyCycles.Find(ModuleDependencies());
        Assert.True(cycle is null, $"Modules depend on each other in a cycle: {string.Join(" -> ", cycle ?? [])}");
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void A_module_references_no_other_module_but_its_contracts(string module)
    {
        var forbidden = Modules.Where(m => m != module).Select(m => $"FibroStore.{m}").ToHashSet();
        var references = ModuleAssembly(module).GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(references, forbidden.Contains);

        var otherInternals = Modules.Where(m => m != module)
            .SelectMany(m => new[] { $"FibroStore.{m}.Data", $"FibroStore.{m}.Domain", $"FibroStore.{m}.Pages" })
            .ToArray();
        var result = Types.InAssembly(ModuleAssembly(module)).ShouldNot().HaveDependencyOnAny(otherInternals).GetResult();
        Assert.True(result.IsSuccessful, $"{module} uses another module's internals: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Theory]
    [MemberData(nameof(ModuleNamesWithContracts))]
    public void Contracts_depend_only_on_the_shared_kernel(string module)
    {
        var own = $"FibroStore.{module}.Contracts";
        var projectReferences = ContractsAssembly(module).GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("FibroStore.", StringComparison.Ordinal) && n != own)
            .ToList();
        Assert.All(projectReferences, name => Assert.Equal("FibroStore.SharedKernel", name));
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void Only_pages_and_the_module_entry_point_are_public(string module)
    {
        var assembly = ModuleAssembly(module);
        var exported = assembly.GetExportedTypes();
        var shownByPages = exported.Where(t => IsAllowedPublic(t, module)).SelectMany(SignatureTypes).ToHashSet();
        var leaks = exported
            .Where(t => !IsAllowedPublic(t, module) && !shownByPages.Contains(t))
            .Select(t => t.FullName)
            .ToList();
        Assert.True(leaks.Count == 0, $"Public types in {module} that should be internal: {string.Join(", ", leaks)}");
    }

    /// <summary>
    /// The types a public page, view or entry point shows in its own public members (a page's model, a partial's
    /// model, a handler's argument): those must be public too, or the compiler refuses the page.
    /// </summary>
    private static IEnumerable<Type> SignatureTypes(Type type)
    {
        const BindingFlags declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var shown = type.GetProperties(declared).Select(p => p.PropertyType)
            .Concat(type.GetFields(declared).Select(f => f.FieldType))
            .Concat(type.GetMethods(declared).Where(m => !m.IsSpecialName)
                .SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)));
        return shown.SelectMany(Unwrap);
    }

    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType) return Unwrap(type.GetElementType()!);
        if (!type.IsGenericType) return [type];
        return type.GetGenericArguments().SelectMany(Unwrap).Append(type.GetGenericTypeDefinition());
    }

    private static bool IsAllowedPublic(Type type, string module)
    {
        var outer = type;
        while (outer.DeclaringType is not null)
            outer = outer.DeclaringType;
        return outer.Name == $"{module}Module"
               // EF generates migrations as public classes; they are only ever found by reflection.
               || typeof(Microsoft.EntityFrameworkCore.Migrations.Migration).IsAssignableFrom(outer)
               || typeof(PageModel).IsAssignableFrom(outer)
               // Razor compiles each .cshtml into a page or view class; those are how pages are served.
               || typeof(Microsoft.AspNetCore.Mvc.Razor.IRazorPage).IsAssignableFrom(outer)
               || outer.Namespace?.StartsWith("AspNetCoreGeneratedDocument", StringComparison.Ordinal) == true
               || outer.Namespace?.StartsWith("FibroStore.Web.Mediator", StringComparison.Ordinal) == true;
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void A_module_context_maps_tables_only_in_its_own_schema(string module)
    {
        var contexts = ModuleAssembly(module).GetTypes()
            .Where(t => typeof(DbContext).IsAssignableFrom(t) && !t.IsAbstract).ToList();
        Assert.Single(contexts);
        var schema = (string)contexts[0].GetField("Schema", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        using var db = (DbContext)Activator.CreateInstance(contexts[0], BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, null,
            [OptionsFor(contexts[0])], null)!;
        var foreign = db.Model.GetEntityTypes()
            .Where(e => e.GetTableName() is not null && e.GetSchema() != schema)
            .Select(e => $"{e.GetSchema()}.{e.GetTableName()}")
            .ToList();
        Assert.Empty(foreign);
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void A_module_writes_no_sql_against_another_modules_schema(string module)
    {
        var otherSchemas = Modules.Where(m => m != module).Select(m => m.ToLowerInvariant()).ToList();
        var root = Path.Combine(RepositoryRoot(), "src", "Modules", module, $"FibroStore.{module}");
        var offending = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => SqlSchemaReference().Matches(File.ReadAllText(f))
                .Where(m => otherSchemas.Contains(m.Groups[1].Value))
                .Select(m => $"{Path.GetFileName(f)}: {m.Value}"))
            .ToList();
        Assert.Empty(offending);
    }

    private static object OptionsFor(Type contextType)
    {
        var builderType = typeof(DbContextOptionsBuilder<>).MakeGenericType(contextType);
        var builder = (DbContextOptionsBuilder)Activator.CreateInstance(builderType)!;
        builder.UseNpgsql("Host=localhost;Database=model_only").UseSnakeCaseNamingConvention();
        return builder.Options;
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FibroStore.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("FibroStore.sln not found above the test output.");
    }

    // A schema-qualified name inside SQL text: FROM catalog.products, "catalog".products, JOIN ordering.carts…
    [GeneratedRegex("(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+\"?([a-z_]+)\"?\\.", RegexOptions.IgnoreCase)]
    private static partial Regex SqlSchemaReference();
}
