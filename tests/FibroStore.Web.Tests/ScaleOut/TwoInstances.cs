using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using FibroStore.Catalog.Contracts;
using FibroStore.Editorial.Pages.Staff.Articles;
using Mediator;
using Microsoft.Extensions.Hosting;

namespace FibroStore.Web.Tests.ScaleOut;

/// <summary>
/// Two instances of the store's own executable on loopback, on one fresh database of a PostgreSQL cluster of their own
/// (scripts/pg.sh, so the suite's server carries none of their connections or background work), behind nginx (Debian's
/// package) ending TLS with the repository's docker/nginx/fibrostore.conf. The test process holds the database and an
/// SMTP relay and does no background work of its own: everything that runs "once in total" runs in the two instances.
/// Work for the instances' first minute (a scheduled article with subscribers, expired stock holds) is put in place
/// before they start, so both meet it at once.
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public const int Subscribers = 5;
    public const int ExpiredHolds = 3;

    private readonly List<string> subscribers = [];

    public StoreFactory Holder { get; } = new StoreFactory()
        // This process publishes nothing, sends no campaign and runs no scheduled job: the instances do.
        .With("Outbox:BatchSize", "0")
        .With("Outbox:PollMilliseconds", "600000")
        .With("Subscribers:Sending:Enabled", "false")
        .With("Subscribers:Digest:Enabled", "false")
        .WithServices(services =>
        {
            foreach (var job in services.Where(d => d.ServiceType == typeof(IHostedService)
                                                  && d.ImplementationType?.Namespace?.StartsWith("FibroStore", StringComparison.Ordinal) == true).ToList())
                services.Remove(job);
        });

    public ScriptedSmtp Relay { get; } = new();
    private OwnCluster? cluster;
    public StoreProcess A { get; private set; } = null!;
    public StoreProcess B { get; private set; } = null!;
    public Nginx Proxy { get; private set; } = null!;

    public IReadOnlyList<string> SubscriberEmails => subscribers;
    public Guid ScheduledArticleId { get; private set; }
    public TestVariant HeldVariant { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Room for three pools (the holder's and the instances', 40 each) and the instances' listeners.
        cluster = await OwnCluster.StartAsync("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "max_connections=150");
        Holder.OnDatabase(await cluster.CreateDatabaseAsync());
        await ((IAsyncLifetime)Holder).InitializeAsync();
        var nginxPort = StoreFactory.FreePort();
        var publicUrl = new Uri($"https://127.0.0.1:{nginxPort}");

        subscribers.AddRange(await SeedConfirmedSubscribersAsync());
        ScheduledArticleId = await ScheduleArticleAsync();
        HeldVariant = await Holder.AddSellableProductAsync("Swept wool socks", 9.50m, 10);
        for (var i = 0; i < ExpiredHolds; i++)
            await Holder.InScopeAsync(sp => sp.GetRequiredService<ICatalogStock>().ReserveAsync(
                Guid.NewGuid(), [new StockLine(HeldVariant.VariantId, 1)], DateTimeOffset.UtcNow.AddMinutes(-1), CancellationToken.None));
        // Due now: both instances' publishers meet it on their first look.
        await Holder.SqlAsync("UPDATE editorial.articles SET publish_at = now() WHERE id = @id", ("id", ScheduledArticleId));

        A = StoreProcess.Start("A", Holder.Database.ConnectionString, Relay.Port, publicUrl);
        B = StoreProcess.Start("B", Holder.Database.ConnectionString, Relay.Port, publicUrl);
        await Task.WhenAll(A.WaitUntilReadyAsync(), B.WaitUntilReadyAsync());
        Proxy = await Nginx.StartAsync(nginxPort, A.Direct, B.Direct);
    }

    private async Task<IReadOnlyList<string>> SeedConfirmedSubscribersAsync()
    {
        var prefix = "scale-" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = new NpgsqlConnection(Holder.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO subscribers.subscribers (id, email, normalized_email, status, preference, created_at, updated_at, confirmed_at)
            SELECT gen_random_uuid(), @prefix || '-' || n || '@example.org', @prefix || '-' || n || '@example.org',
                   'Confirmed', 'EachArticle', now(), now(), now()
            FROM generate_series(1, @count) AS n
            """, connection);
        command.Parameters.AddWithValue("prefix", prefix);
        command.Parameters.AddWithValue("count", Subscribers);
        await command.ExecuteNonQueryAsync();
        return Enumerable.Range(1, Subscribers).Select(n => $"{prefix}-{n}@example.org").ToList();
    }

    /// <summary>An article scheduled through the editor's own command, to go to subscribers when it goes live.</summary>
    private Task<Guid> ScheduleArticleAsync() => Holder.InScopeAsync(async sp =>
    {
        var form = new EditArticle.ArticleForm
        {
            Title = "Pacing through a flare, one hour at a time",
            Excerpt = "Small plans that leave room for rest.",
            Markdown = "Plan the day in hours, not tasks. Put rest in first, then one thing that matters.",
            AuthorName = "Ruth Ellison",
            CategoryId = (Guid)(await Holder.SqlAsync("SELECT id FROM editorial.categories WHERE slug = 'general'"))!,
            SendToSubscribers = true,
            PublishAt = DateTime.Now.AddDays(2),
        };
        var saved = await sp.GetRequiredService<IMediator>().Send(new EditArticle.Save(null, form, EditArticle.SaveIntent.Schedule, "test-editor"));
        Assert.True(saved.IsDone, saved.Refusal?.Message);
        return saved.Value.Id;
    });

    public async Task DisposeAsync()
    {
        if (Proxy is not null) await Proxy.DisposeAsync();
        if (A is not null) await A.DisposeAsync();
        if (B is not null) await B.DisposeAsync();
        await Relay.DisposeAsync();
        await ((IAsyncLifetime)Holder).DisposeAsync();
        if (cluster is not null) await cluster.DisposeAsync();
    }

    /// <summary>
    /// A client like a browser's (cookies, no redirects followed) whose connections leave from <paramref name="from"/>, an
    /// address of the loopback range: to the store, each such address is another client (or another proxy).
    /// </summary>
    public static BrowserClient Client(Uri baseAddress, string from, CookieContainer? cookies = null)
    {
        var source = IPAddress.Parse(from);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = cookies ?? new CookieContainer(),
            // nginx's certificate is one the test made for 127.0.0.1.
#pragma warning disable CA5359 // Only the test's own nginx on 127.0.0.1 is reached, with a certificate made for this run.
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
#pragma warning restore CA5359
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new BrowserClient(new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) });
    }

    public static string FormToken(string page) =>
        Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"") is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("The page has no form token.");

    public static async Task WaitForAsync(Func<Task<bool>> condition, string what, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Still waiting after {seconds} s for: {what}");
            await Task.Delay(100);
        }
    }
}

/// <summary>One instance of the store: its own executable, in Development with the Stripe emulator, behind the proxy.</summary>
public sealed class StoreProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> log = new();

    private StoreProcess(string name, Process process, Uri direct, int metricsPort)
    {
        Name = name;
        this.process = process;
        Direct = direct;
        MetricsPort = metricsPort;
    }

    public string Name { get; }
    public Uri Direct { get; }
    public int MetricsPort { get; }
    public IEnumerable<string> Log => log;

    public static StoreProcess Start(string name, string connectionString, int smtpPort, Uri publicUrl)
    {
        var folder = AppContext.BaseDirectory;
        var port = StoreFactory.FreePort();
        var metricsPort = StoreFactory.FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(folder, "FibroStore.Web.dll")])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var env = start.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Development";
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        env["ConnectionStrings__Store"] = connectionString;
        env["Database__MigrateOnStart"] = "false";
        env["Seed__DemoContent"] = "false";
        env["Smtp__Host"] = "127.0.0.1";
        env["Smtp__Port"] = smtpPort.ToString(CultureInfo.InvariantCulture);
        env["Smtp__Security"] = "None";
        env["Store__PublicUrl"] = publicUrl.ToString().TrimEnd('/');
        env["Store__BehindProxy"] = "true";
        // nginx connects from 127.0.0.1; naming it means no other address (not even the rest of loopback) is believed.
        env["Store__KnownProxies"] = "127.0.0.1";
        env["Outbox__PollMilliseconds"] = "100";
        env["Editorial__Publishing__PollSeconds"] = "1";
        env["Subscribers__Sending__PollMilliseconds"] = "200";
        env["Subscribers__Digest__Enabled"] = "false";
        // Each instance's emulator holds its own sessions in memory, so each instance calls its own; the test delivers
        // the webhooks itself.
        env["Stripe__ApiBase"] = $"http://127.0.0.1:{port}/stripe-emulator";
        env["StripeEmulator__DeliverWebhooks"] = "false";
        env["Accounts__Throttle__SignInsPerClient"] = "3";
        // One secret for every instance, as in production: the throttle's counts are shared only if its keys hash alike.
        env["Throttle__KeySecret"] = "two-instances-throttle-secret-of-32-characters";
        env["OpenTelemetry__PrometheusListen"] = $"127.0.0.1:{metricsPort}";
        var process = Process.Start(start)!;
        var store = new StoreProcess(name, process, new Uri($"http://127.0.0.1:{port}"), metricsPort);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) store.log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) store.log.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return store;
    }

    public async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Direct, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"Instance {Name} stopped with code {process.ExitCode}:\n{Tail()}");
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                    return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Instance {Name} was not ready within 180 s:\n{Tail()}");
            await Task.Delay(200);
        }
    }

    public string Tail(int lines = 40) => string.Join('\n', log.TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}

/// <summary>
/// Debian's nginx, run as this user with a configuration of its own in a temporary folder (pid, logs and buffers there
/// too): the repository's site file with its addresses filled in, ending TLS with a certificate made for 127.0.0.1.
/// </summary>
public sealed class Nginx : IAsyncDisposable
{
    private static readonly string[] Executables = ["/usr/sbin/nginx", "/usr/bin/nginx"];
    private readonly Process process;
    private readonly DirectoryInfo folder;

    private Nginx(Process process, DirectoryInfo folder, Uri address)
    {
        this.process = process;
        this.folder = folder;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<Nginx> StartAsync(int port, Uri first, Uri second)
    {
        var executable = Executables.FirstOrDefault(File.Exists)
                         ?? throw new InvalidOperationException("nginx is not installed. scripts/test.sh installs Debian's nginx package; or run apt-get install nginx.");
        var folder = Directory.CreateTempSubdirectory("fibrostore-nginx-");
        string In(string name) => Path.Combine(folder.FullName, name);

        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(In("tls.crt"), certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(In("tls.key"), key.ExportPkcs8PrivateKeyPem());
        }

        var site = (await File.ReadAllTextAsync(Path.Combine(OwnCluster.RepositoryRoot(), "docker", "nginx", "fibrostore.conf")))
            .Replace("${FIBRO_LISTEN}", $"127.0.0.1:{port} ssl", StringComparison.Ordinal)
            .Replace("${FIBRO_APP_1}", $"127.0.0.1:{first.Port}", StringComparison.Ordinal)
            .Replace("${FIBRO_APP_2}", $"127.0.0.1:{second.Port}", StringComparison.Ordinal);
        Assert.DoesNotContain("${", site, StringComparison.Ordinal);
        await File.WriteAllTextAsync(In("fibrostore.conf"), site);
        // As root, nginx's workers would otherwise run as "nobody", who cannot write in this private folder.
        var user = Environment.UserName == "root" ? "user root;\n" : "";
        await File.WriteAllTextAsync(In("nginx.conf"), $$"""
            {{user}}daemon off;
            worker_processes 1;
            pid {{In("nginx.pid")}};
            error_log {{In("error.log")}} warn;
            events { worker_connections 256; }
            http {
                access_log {{In("access.log")}};
                client_body_temp_path {{In("body")}};
                proxy_temp_path {{In("proxy")}};
                fastcgi_temp_path {{In("fastcgi")}};
                uwsgi_temp_path {{In("uwsgi")}};
                scgi_temp_path {{In("scgi")}};
                ssl_certificate {{In("tls.crt")}};
                ssl_certificate_key {{In("tls.key")}};
                include {{In("fibrostore.conf")}};
            }
            """);

        var start = new ProcessStartInfo(executable, ["-p", folder.FullName, "-c", In("nginx.conf"), "-e", In("error.log")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var nginx = new Nginx(process, folder, new Uri($"https://127.0.0.1:{port}"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"nginx stopped with code {process.ExitCode}: {File.ReadAllText(In("error.log"))}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return nginx;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        folder.Delete(recursive: true);
    }
}
