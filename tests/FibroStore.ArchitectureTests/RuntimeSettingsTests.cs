namespace FibroStore.ArchitectureTests;

/// <summary>The store's runtime settings are written once for the scripts and repeated in the image: the two agree.</summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void The_image_runs_the_store_with_the_runtime_settings_the_scripts_use()
    {
        var root = ModuleBoundaryTests.RepositoryRoot();
        var settings = File.ReadAllLines(Path.Combine(root, "scripts", "store-runtime.env"))
            .Where(line => line.Length > 0 && !line.StartsWith('#')).ToList();
        var imageSettings = File.ReadAllLines(Path.Combine(root, "docker", "Dockerfile"))
            .Where(line => line.StartsWith("ENV ", StringComparison.Ordinal))
            .SelectMany(line => line["ENV ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet();

        Assert.NotEmpty(settings);
        Assert.All(settings, setting => Assert.Contains(setting, imageSettings));
    }
}
