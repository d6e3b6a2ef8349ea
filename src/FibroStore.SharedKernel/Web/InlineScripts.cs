using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FibroStore.SharedKernel.Web;

/// <summary>The store's scripts that pages write into their head (each module adds its own).</summary>
public sealed class InlineScriptOptions
{
    /// <summary>Paths under the web root, as a page would link them without the leading slash.</summary>
    public List<string> Paths { get; } = [];
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

    public InlineScripts(IWebHostEnvironment environment, IOptions<InlineScriptOptions> options)
    {
        var hashes = new List<string>();
        foreach (var path in options.Value.Paths.Distinct(StringComparer.Ordinal))
        {
            var file = environment.WebRootFileProvider.GetFileInfo(path);
            if (!file.Exists)
                throw new InvalidOperationException($"The inline script {path} is not in the web root.");
            using var reader = new StreamReader(file.CreateReadStream(), Encoding.UTF8);
            var source = reader.ReadToEnd();
            if (source.Contains("</script", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"The inline script {path} would close its own element.");
            tags[path] = new HtmlString("<script>" + source + "</script>");
            hashes.Add("'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(source))) + "'");
        }
        CspSources = string.Join(' ', hashes);
    }

    /// <summary>The script element for one registered script.</summary>
    public IHtmlContent Tag(string path) =>
        tags.TryGetValue(path, out var tag) ? tag : throw new InvalidOperationException($"{path} is not registered as an inline script.");

    /// <summary>Every registered script's hash, as <c>script-src</c> sources.</summary>
    public string CspSources { get; }
}

public static class InlineScriptRegistration
{
    /// <summary>Lets pages write the script at <paramref name="path"/> (under the web root) into their head.</summary>
    public static IServiceCollection AddInlineScript(this IServiceCollection services, string path)
    {
        services.TryAddSingleton<InlineScripts>();
        return services.Configure<InlineScriptOptions>(o => o.Paths.Add(path));
    }
}
