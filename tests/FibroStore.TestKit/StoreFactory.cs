using FibroStore.Payments.Stripe;
using FibroStore.SharedKernel.Data;
using FibroStore.StripeEmulator;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

namespace FibroStore.TestKit;

/// <summary>
/// The whole store, as the host builds it, on its own fresh PostgreSQL database and sending its email to
/// an in-process SMTP server. Use as an xunit class fixture, or create one per test that needs isolation.
/// </summary>
public partial class StoreFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private TestDatabase? database;
    private readonly Dictionary<string, string?> settings = [];

    public TestMailbox Mailbox { get; } = new();

    public CapturedLogs Logs { get; } = new();

    public TestDatabase Database => database ?? throw new InvalidOperationException("The factory has not been initialized.");

    /// <summary>Extra configuration for this instance, applied over the test defaults.</summary>
    public StoreFactory With(string key, string? value)
    {
        settings[key] = value;
        return this;
    }

    private TimeProvider? clock;

    /// <summary>Runs the store on <paramref name="manual"/> instead of the system clock (sessions, limits, the outbox…).</summary>
    public StoreFactory WithClock(TimeProvider manual)
    {
        clock = manual;
        return this;
    }

    private readonly List<Action<IServiceCollection>> serviceChanges = [];

    /// <summary>Changes the app's services after the host registered them (for a test that needs a service of its own).</summary>
    public StoreFactory WithServices(Action<IServiceCollection> change)
    {
        serviceChanges.Add(change);
        return this;
    }

    /// <summary>Uses an existing database (another instance of the store on the same data).</summary>
    public StoreFactory SharingDatabaseWith(StoreFactory other)
    {
        database = other.Database;
        ownsDatabase = false;
        return this;
    }

    /// <summary>Uses <paramref name="fresh"/>, a new database made elsewhere (on a test's own cluster), and drops it when disposed.</summary>
    public StoreFactory OnDatabase(TestDatabase fresh)
    {
        database = fresh;
        return this;
    }

    private bool ownsDatabase = true;
    private int? realPort;

    /// <summary>Serves on a real loopback port (for a browser) instead of the in-memory test server.</summary>
    public StoreFactory OnRealPort(int port = 0)
    {
        realPort = port;
        return this;
    }

    public static int FreePort()
    {
        // Below Linux's ephemeral range (32768-60999), where outgoing connections take their local ports: a port picked
        // there could be taken by a connection before the process it is meant for binds it. Each is handed out once.
        lock (HandedOutPorts)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = Random.Shared.Next(20000, 32000);
                if (HandedOutPorts.Contains(port)) continue;
                try
                {
                    using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
                    probe.Start();
                }
                catch (System.Net.Sockets.SocketException)
                {
                    continue;
                }
                HandedOutPorts.Add(port);
                return port;
            }
        }
        throw new InvalidOperationException("No free port between 20000 and 32000.");
    }

    private static readonly HashSet<int> HandedOutPorts = [];

    public Uri RootUri { get; private set; } = new("http://localhost");

    public virtual async Task InitializeAsync()
    {
        database ??= await TestDatabase.CreateAsync();
        if (realPort is not null)
        {
            // The port goes in as the store's own address setting (see ConfigureWebHost), not as the factory's one
            // address, so the store can add the addresses it listens on as well (the metrics endpoint).
            UseKestrel(_ => { });
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
            RootUri = new Uri(addresses.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        }
        else
        {
            // Building the host migrates the fresh database once, here, rather than inside the first test.
            _ = Server;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Store", Database.ConnectionString);
        if (realPort is { } port)
            builder.UseSetting(WebHostDefaults.ServerUrlsKey, $"http://127.0.0.1:{port}");
        builder.UseSetting("Smtp:Host", "127.0.0.1");
        builder.UseSetting("Smtp:Port", Mailbox.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Smtp:Security", "None");
        builder.UseSetting("Outbox:PollMilliseconds", "100");
        builder.UseSetting("Seed:DemoContent", "false");
        builder.UseSetting("Store:FriendlyErrors", "true");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        // Test hosts run side by side; the metrics tests choose a free port for the scrape listener themselves.
        builder.UseSetting("OpenTelemetry:PrometheusListen", "");
        // Tests start many checkouts and try many codes from one in-process client; the limits' own tests set them back.
        builder.UseSetting("Checkout:StartsPerClientLimit", "100000");
        builder.UseSetting("Checkout:CodeChecksPerClientLimit", "100000");
        builder.UseSetting("Checkout:MaxHeldUnitsPerClient", "100000");
        builder.UseSetting("Checkout:LinkRequestsPerHourLimit", "100000");
        // Tests sign in and register many people from this one in-process client; tests of these limits set them back.
        builder.UseSetting("Accounts:Throttle:SignInsPerClient", "100000");
        builder.UseSetting("Accounts:Throttle:RegistrationsPerClient", "100000");
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        if (clock is not null)
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        builder.ConfigureTestServices(services => serviceChanges.ForEach(change => change(services)));
        if (realPort is null)
        {
            // In memory there is no socket: Stripe.net's calls to the emulator inside this app, and the emulator's
            // webhooks back to the store, travel through the test server like the tests' own requests.
            builder.ConfigureTestServices(services =>
            {
                services.AddHttpClient(StripeSettings.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());
                services.AddHttpClient(StripeEmulatorModule.WebhookHttpClientName).ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());
            });
        }
    }

    /// <summary>A client that keeps cookies and does not follow redirects, like a careful browser.</summary>
    public BrowserClient CreateBrowserClient() =>
        new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    /// <summary>
    /// Publishes every module's due outbox messages now and waits until none is left due: a message the app's own
    /// background processor is publishing at that moment is claimed (leased), so it is waited for, not skipped.
    /// Parked messages are not due.
    /// </summary>
    public async Task DrainOutboxAsync()
    {
        var modules = Services.GetServices<IModuleDatabase>().ToList();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var handled = await PublishDueOutboxAsync();
            if (handled == 0 && await CountDueAsync(modules) == 0)
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The outbox still had due messages after 15 seconds.");
            if (handled == 0)
                await Task.Delay(50);
        }
    }

    /// <summary>One pass over every module's outbox: publishes what is due and not claimed by another processor; returns how many.</summary>
    public async Task<int> PublishDueOutboxAsync()
    {
        var handled = 0;
        foreach (var module in Services.GetServices<IModuleDatabase>())
            handled += await module.ProcessOutboxAsync(Services, CancellationToken.None);
        return handled;
    }

    private async Task<long> CountDueAsync(IEnumerable<IModuleDatabase> modules)
    {
        // "Due" by the app's clock, which a test may have replaced, exactly as the outbox processor judges it.
        var now = Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var connection = new Npgsql.NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        long due = 0;
        foreach (var module in modules)
        {
            await using var command = new Npgsql.NpgsqlCommand(
                $"SELECT count(*) FROM \"{module.Schema}\".outbox_messages WHERE processed_at IS NULL AND parked_at IS NULL AND next_attempt_at <= @now", connection);
            command.Parameters.AddWithValue("now", now);
            due += (long)(await command.ExecuteScalarAsync())!;
        }
        return due;
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public async Task InScopeAsync(Func<IServiceProvider, Task> work)
    {
        await using var scope = Services.CreateAsyncScope();
        await work(scope.ServiceProvider);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Mailbox.DisposeAsync();
        if (ownsDatabase && database is not null)
            await database.DisposeAsync();
    }
}
