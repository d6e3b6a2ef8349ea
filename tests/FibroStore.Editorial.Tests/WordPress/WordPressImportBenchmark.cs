using System.Diagnostics;
using System.Text.RegularExpressions;
using FibroStore.TestKit;
using Xunit.Abstractions;

namespace FibroStore.Editorial.Tests.WordPress;

/// <summary>A test that takes minutes and measures rather than checks: it runs only when FIBRO_BENCH=1 is set.</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("FIBRO_BENCH") != "1")
            Skip = "Benchmark: run with FIBRO_BENCH=1 (several minutes).";
    }
}

/// <summary>
/// Issue 17's measure: a 50 MB export (2,000 posts, 20,000 comments) imported by the store's own executable, in a
/// process of its own, while its peak resident memory (VmHWM) is read from /proc. Prints the figures; asserts only
/// that the import finished.
/// </summary>
[Trait("Run", "Alone")]
public sealed partial class WordPressImportBenchmark(ITestOutputHelper output)
{
    [BenchmarkFact]
    public async Task Importing_a_50_MB_export_in_the_stores_own_process()
    {
        var store = new EditorialStore();
        await ((IAsyncLifetime)store).InitializeAsync();
        var file = Path.Combine(Path.GetTempPath(), $"large-wordpress-{Guid.NewGuid():N}.xml");
        Process? app = null;
        try
        {
            LargeExport.Write(file, posts: 2000, commentsPerPost: 10);
            var email = $"editor-{Guid.NewGuid():N}@example.org";
            await store.CreateUserAsync(email, StoreFactory.DefaultPassword, StaffRoles.Editor);

            var port = StoreFactory.FreePort();
            var folder = AppContext.BaseDirectory;
            var start = new ProcessStartInfo("dotnet", [Path.Combine(folder, "FibroStore.Web.dll")])
            {
                WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            // Production, as a real store runs; it sits "behind a proxy" here so its secure-only cookies work over loopback.
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            start.Environment["ConnectionStrings__Store"] = store.Database.ConnectionString;
            // Another store process on this machine may hold the default scrape port; this one needs no metrics.
            start.Environment["OpenTelemetry__PrometheusListen"] = "";
            // What Production refuses to start without (the key-ring certificate, an https public address, Stripe keys),
            // answering to the loopback address the benchmark calls; no mail is sent during an import.
            foreach (var (key, value) in StoreFactory.ProductionSettings)
                start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            start.Environment["AllowedHosts"] = "127.0.0.1";
            start.Environment["Store__BehindProxy"] = "true";
            start.Environment["Smtp__Host"] = "127.0.0.1";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            app = Process.Start(start)!;
            app.OutputDataReceived += (_, _) => { };
            app.ErrorDataReceived += (_, _) => { };
            app.BeginOutputReadLine();
            app.BeginErrorReadLine();

            var handler = new ProxiedBrowser(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false });
            using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(30) };
            var deadline = DateTime.UtcNow.AddMinutes(2);
            for (var ready = false; !ready;)
            {
                Assert.False(app.HasExited, "The store's process stopped before it answered.");
                Assert.True(DateTime.UtcNow < deadline, "The store's process did not answer within two minutes.");
                try { ready = (await http.GetAsync("/health/live")).IsSuccessStatusCode; }
                catch (HttpRequestException) { await Task.Delay(250); }
            }
            var client = new BrowserClient(http);
            var signIn = await client.PostFormAsync("/Identity/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = StoreFactory.DefaultPassword });
            // Staff sign in with two steps, as every new store requires: the code comes from the editor's authenticator.
            Assert.StartsWith("/Identity/Account/LoginWith2fa", signIn.Headers.Location?.OriginalString, StringComparison.OrdinalIgnoreCase);
            signIn = await client.PostFormAsync(signIn.Headers.Location!.OriginalString,
                new Dictionary<string, string> { ["Input.TwoFactorCode"] = Authenticator.Code(store.AuthenticatorKeyOf(email)) });
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            var before = ResidentKilobytes(app.Id, "VmRSS");

            var page = await client.GetPageAsync("/staff/articles/import");
            var token = WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value);
            await using var export = File.OpenRead(file);
            using var content = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new StreamContent(export), "Export", "large.wordpress.xml" },
            };
            var clock = Stopwatch.StartNew();
            var response = await http.PostAsync("/staff/articles/import", content);
            clock.Stop();
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            var peak = ResidentKilobytes(app.Id, "VmHWM");
            var (anonymous, files) = (ResidentKilobytes(app.Id, "RssAnon"), ResidentKilobytes(app.Id, "RssFile"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Articles: 2000 added", html, StringComparison.Ordinal);
            var replies = await store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Replies.CountAsync());
            output.WriteLine($"Export: {new FileInfo(file).Length / 1024.0 / 1024.0:F1} MB, 2000 posts, 20000 comments ({replies} replies imported; spam left out).");
            output.WriteLine($"Import took {clock.Elapsed.TotalSeconds:F0} s.");
            output.WriteLine($"Store process resident memory: {before / 1024.0:F0} MB signed in before the import, peak {peak / 1024.0:F0} MB (VmHWM).");
            output.WriteLine($"Right after the import: {anonymous / 1024.0:F0} MB anonymous (heap, stacks, native), {files / 1024.0:F0} MB mapped files (the runtime and the store's assemblies).");
        }
        finally
        {
            if (app is { HasExited: false }) { app.Kill(entireProcessTree: true); await app.WaitForExitAsync(); }
            File.Delete(file);
            await ((IAsyncLifetime)store).DisposeAsync();
        }
    }

    /// <summary>What the proxy in front of a real store adds (https), and cookies kept the way a browser on https keeps them.</summary>
    private sealed class ProxiedBrowser(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly Dictionary<string, string> cookies = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Add("X-Forwarded-Proto", "https");
            if (cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
                foreach (var cookie in set.Select(c => c.Split(';')[0].Split('=', 2)).Where(c => c.Length == 2))
                    cookies[cookie[0]] = cookie[1];
            return response;
        }
    }

    private static long ResidentKilobytes(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(Regex.Match(line, @"\d+").Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
