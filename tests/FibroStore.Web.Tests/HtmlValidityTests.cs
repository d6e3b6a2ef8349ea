using System.Diagnostics;
using System.Text.Json;
using AngleSharp.Html.Parser;
using FibroStore.SharedKernel.Markdown;

namespace FibroStore.Web.Tests;

/// <summary>
/// The main pages, filled with demo content, replies and imported HTML, pass the Nu Html Checker (the W3C's validator)
/// with no error. scripts/test.sh installs it (npm's vnu-jar, run by Debian's Java) and names the jar in FIBRO_VNU_JAR.
/// </summary>
public sealed class HtmlValidityTests(DemoStore store) : IClassFixture<DemoStore>
{
    private static readonly string[] ListElements = ["ul", "ol"];

    /// <summary>What a WordPress export can hold: line breaks and bare text straight inside a list, and an item with no list.</summary>
    private const string ImportedHtml = """
        Notes kept from the old blog.

        <ul>
        <br>
        <li>Rest before you are tired</li>
        <br />
        <li>Pace the good days</li>
        and breathe out slowly
        </ul>

        <li>A lone item from a broken editor</li>
        """;

    [Fact]
    public async Task The_main_pages_have_no_errors_in_the_nu_html_checker()
    {
        var jar = NuChecker.Jar();
        var imported = await store.PublishArticleAsync("Notes from the old blog", "Imported notes.", ImportedHtml);
        var product = await store.AddSellableProductAsync("Validity Check Heat Wrap", 21m, 5);
        using var client = store.CreateBrowserClient();
        await StoreFactory.AddToCartAsync(client, product.VariantId);

        var pages = new Dictionary<string, string>
        {
            ["home"] = "/",
            ["article-with-replies"] = "/articles/living-with-fibro-fog",
            ["imported-article"] = $"/articles/{imported}",
            ["articles"] = "/articles",
            ["archive"] = "/articles/category/everyday-life",
            ["shop"] = "/shop",
            ["category"] = "/shop/category/heat-and-cold",
            ["product"] = "/products/weighted-blanket",
            ["cart"] = "/cart",
            ["search"] = "/search?q=sleep",
            ["contact"] = "/contact",
            ["sign-in"] = "/Identity/Account/Login",
        };
        var folder = Directory.CreateTempSubdirectory("fibro-nu-");
        try
        {
            foreach (var (name, path) in pages)
                await File.WriteAllTextAsync(Path.Combine(folder.FullName, name + ".html"), await client.GetPageAsync(path));
            Assert.Contains("Validity Check Heat Wrap", await File.ReadAllTextAsync(Path.Combine(folder.FullName, "cart.html")), StringComparison.Ordinal);
            Assert.Contains("<time datetime=", await File.ReadAllTextAsync(Path.Combine(folder.FullName, "article-with-replies.html")), StringComparison.Ordinal);

            var errors = await NuChecker.ErrorsAsync(jar, folder.GetFiles("*.html").Select(f => f.FullName));

            Assert.True(errors.Count == 0, "The Nu Html Checker found errors:\n" + string.Join("\n", errors));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_renderer_moves_stray_list_content_into_items_and_gives_lone_items_a_list()
    {
        var renderer = store.Services.GetRequiredService<IMarkdownRenderer>();

        var html = renderer.ToSafeHtml(ImportedHtml);

        var body = new HtmlParser().ParseDocument(html).Body!;
        Assert.Empty(body.QuerySelectorAll("ul > :not(li), ol > :not(li)"));
        Assert.All(body.QuerySelectorAll("li"), li => Assert.Contains(li.ParentElement!.LocalName, ListElements));
        Assert.Equal(["Rest before you are tired", "Pace the good days", "and breathe out slowly", "A lone item from a broken editor"],
            body.QuerySelectorAll("li").Select(li => li.TextContent.Trim()));
        Assert.All(body.QuerySelectorAll("ul, ol"), list => Assert.All(list.ChildNodes.Where(n => n.NodeType == AngleSharp.Dom.NodeType.Text),
            text => Assert.True(string.IsNullOrWhiteSpace(text.TextContent), $"bare text in a list: '{text.TextContent}'")));
    }
}

/// <summary>Runs the Nu Html Checker once for many files (one Java start, a few seconds) and returns its errors.</summary>
internal static class NuChecker
{
    public static string Jar()
    {
        var configured = Environment.GetEnvironmentVariable("FIBRO_VNU_JAR");
        var jar = configured is { Length: > 0 } ? configured : DefaultJar();
        Assert.True(jar is not null && File.Exists(jar),
            "The Nu Html Checker is missing. Run the tests with scripts/test.sh (it installs default-jre-headless and npm's vnu-jar), " +
            "or set FIBRO_VNU_JAR to a vnu.jar.");
        return jar;
    }

    /// <summary>Where scripts/test.sh installs it: .tools/vnu under the repository.</summary>
    private static string? DefaultJar()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FibroStore.sln")))
                return Path.Combine(dir.FullName, ".tools", "vnu", "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
        return null;
    }

    public static async Task<IReadOnlyList<string>> ErrorsAsync(string jar, IEnumerable<string> files)
    {
        var start = new ProcessStartInfo("java") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-jar", jar, "--errors-only", "--format", "json", "--stdout" }.Concat(files))
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var diagnostics = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(deadline.Token);
        var json = await output;
        Assert.True(json.TrimStart().StartsWith('{'), $"The Nu Html Checker did not answer with JSON (exit {process.ExitCode}): {await diagnostics}");
        return JsonDocument.Parse(json).RootElement.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("type").GetString() is "error" or "non-document-error")
            .Select(m => $"{Path.GetFileName(m.TryGetProperty("url", out var url) ? url.GetString() : "?")}" +
                         $":{(m.TryGetProperty("lastLine", out var line) ? line.GetInt32() : 0)}: {m.GetProperty("message").GetString()}" +
                         $"{(m.TryGetProperty("extract", out var extract) ? "  ⟶ " + extract.GetString()?.ReplaceLineEndings(" ") : "")}")
            .ToList();
    }
}
