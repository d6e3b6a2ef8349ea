using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FibroStore.SharedKernel.Web;

/// <summary>The store's scripts that pages write into their head (each module adds its own).</summary>
public sealed class InlineScriptOptions
{
    /// <summary>Each script's name and the assembly it is embedded in (as <c>FibroStore.Scripts.{name}</c>).</summary>
    public List<(Assembly Assembly, string Name)> Scripts { get; } = [];
}

/// <summary>
/// The store's few small scripts, written into the page's head rather than linked. The browser needs no request for
/// them, and each is compiled and run before the page is first drawn; linked and deferred, each ran as a task of its
/// own after the first paint, which Lighthouse counts as blocking time (10–30 ms a script under its tracing, on this
/// machine). Each waits for the document before it touches it. The content security policy allows exactly these
/// scripts by their hashes, so any other inline script stays refused.
/// </summary>
public sealed class InlineScripts
{
    private readonly Dictionary<string, IHtmlContent> tags = new(StringComparer.Ordinal);

    public InlineScripts(IOptions<InlineScriptOptions> options)
    {
        var hashes = new List<string>();
        foreach (var (assembly, name) in options.Value.Scripts.Distinct())
        {
            // Embedded, so a page has its scripts however the store runs (published, built, in Production or not).
            using var stream = assembly.GetManifestResourceStream("FibroStore.Scripts." + name)
                ?? throw new InvalidOperationException($"The inline script {name} is not embedded in {assembly.GetName().Name}.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var source = reader.ReadToEnd();
            if (source.Contains("</script", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"The inline script {name} would close its own element.");
            tags[name] = new HtmlString("<script>" + source + "</script>");
            hashes.Add("'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(source))) + "'");
        }
        CspSources = string.Join(' ', hashes);
    }

    /// <summary>The script element for one registered script.</summary>
    public IHtmlContent Tag(string name) =>
        tags.TryGetValue(name, out var tag) ? tag : throw new InvalidOperationException($"{name} is not registered as an inline script.");

    /// <summary>Every registered script's hash, as <c>script-src</c> sources.</summary>
    public string CspSources { get; }
}

public static class InlineScriptRegistration
{
    /// <summary>
    /// Lets pages write the script <paramref name="name"/> into their head: the project's <c>Scripts/{name}</c>, embedded
    /// in <paramref name="assembly"/> (every project's Scripts folder is embedded: see Directory.Build.targets).
    /// </summary>
    public static IServiceCollection AddInlineScript(this IServiceCollection services, Assembly assembly, string name)
    {
        services.TryAddSingleton<InlineScripts>();
        return services.Configure<InlineScriptOptions>(o => o.Scripts.Add((assembly, name)));
    }
}
