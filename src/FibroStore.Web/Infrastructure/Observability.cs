using System.Diagnostics.Metrics;
using System.Net;
using FibroStore.SharedKernel;
using FibroStore.SharedKernel.Data;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FibroStore.Web.Infrastructure;

/// <summary>
/// What operators see: OpenTelemetry metrics and traces (ASP.NET Core, HttpClient, Npgsql and the store's own
/// measures), sent over OTLP to the collector in <c>OpenTelemetry:OtlpEndpoint</c>, and a Prometheus scrape endpoint
/// on a Kestrel endpoint of its own (<c>OpenTelemetry:PrometheusListen</c>): <c>/metrics</c> answers only there, and
/// nothing else does.
/// </summary>
internal static class Observability
{
    public const string DefaultPrometheusListen = "127.0.0.1:9464";

    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // The request id (and trace id) of ASP.NET Core's scope, and the message or campaign id of background work,
        // go into every JSON log line.
        services.Configure<JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);

        var otlp = builder.Configuration["OpenTelemetry:OtlpEndpoint"];
        Uri? collector = null;
        if (!string.IsNullOrWhiteSpace(otlp) && !Uri.TryCreate(otlp, UriKind.Absolute, out collector))
            throw new InvalidOperationException(
                $"OpenTelemetry__OtlpEndpoint holds \"{otlp}\", which is not an address. Write the collector's OTLP address, for example http://otel-collector:4317.");
        var prometheus = PrometheusEndpoint(builder.Configuration);

        services.AddSingleton<OutboxGauges>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("fibrostore", serviceInstanceId: $"{Environment.MachineName}-{Environment.ProcessId}"))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter(StoreTelemetry.MeterName)
                    .AddInstrumentation(sp => sp.GetRequiredService<OutboxGauges>());
                if (prometheus is not null)
                    metrics.AddPrometheusExporter();
                if (collector is not null)
                    metrics.AddOtlpExporter(o => o.Endpoint = collector);
            });
        // Traces are only kept where a collector takes them.
        if (collector is not null)
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter(o => o.Endpoint = collector));
        if (prometheus is not null)
        {
            // One more address for the store's own Kestrel, beside those it serves the store on.
            builder.WebHost.UseUrls([.. StoreAddresses(builder.Configuration), $"http://{prometheus}"]);
            services.AddSingleton(new ScrapeEndpoint(prometheus.Port));
        }
        return builder;
    }

    /// <summary>
    /// Sends every request that came in on the scrape endpoint's port to <c>/metrics</c> or a bare 404, before any of
    /// the store's middleware. The port a connection arrived on is decided by the socket, not by anything the client
    /// sends (a Host header names whatever port the client likes), so no request to the store's port reaches the scrape.
    /// </summary>
    public static WebApplication UseScrapeEndpoint(this WebApplication app)
    {
        if (app.Services.GetService<ScrapeEndpoint>() is not { } scrape)
            return app;
        var meterProvider = app.Services.GetRequiredService<MeterProvider>();
        app.MapWhen(http => http.Connection.LocalPort == scrape.Port, metrics =>
        {
            metrics.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider, http => http.Request.Path == "/metrics", null, null, null);
            metrics.Run(http =>
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        });
        return app;
    }

    /// <summary>
    /// The addresses the store is served on, as Kestrel would choose them from the same settings (<c>urls</c>, else
    /// <c>http_ports</c> and <c>https_ports</c>, else its default): naming the scrape endpoint's address replaces them,
    /// so they are named too.
    /// </summary>
    private static IEnumerable<string> StoreAddresses(IConfiguration configuration)
    {
        static string[] List(string? text) => text?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        var urls = List(configuration[WebHostDefaults.ServerUrlsKey]);
        if (urls.Length > 0)
            return urls;
        var ports = List(configuration[WebHostDefaults.HttpPortsKey]).Select(p => $"http://*:{p}")
            .Concat(List(configuration[WebHostDefaults.HttpsPortsKey]).Select(p => $"https://*:{p}")).ToList();
        return ports.Count > 0 ? ports : ["http://localhost:5000"];
    }

    /// <summary>The scrape listener's address (an IP and a port), or null when the setting is empty.</summary>
    private static IPEndPoint? PrometheusEndpoint(IConfiguration configuration)
    {
        var text = configuration["OpenTelemetry:PrometheusListen"] ?? DefaultPrometheusListen;
        if (string.IsNullOrWhiteSpace(text))
            return null;
        return IPEndPoint.TryParse(text.Trim(), out var endpoint) && endpoint.Port != 0
            ? endpoint
            : throw new InvalidOperationException(
                $"OpenTelemetry__PrometheusListen holds \"{text}\", which is not an address and port. Write one like 127.0.0.1:9464, or leave it empty to turn the scrape endpoint off.");
    }
}

/// <summary>The port of the Prometheus scrape endpoint, when there is one.</summary>
internal sealed record ScrapeEndpoint(int Port);

/// <summary>
/// Outbox backlog, the age of its oldest waiting message and parked messages per module, and webhook lag (the wait of
/// the oldest payment notice not yet acted on). Read from the database at most every 15 seconds, however often
/// anyone scrapes, in one query over every module.
/// </summary>
internal sealed partial class OutboxGauges
{
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(15);
    private const string PaymentsSchema = "payments";

    private readonly NpgsqlDataSource dataSource;
    private readonly ILogger<OutboxGauges> logger;
    private readonly string sql;
    private readonly Lock gate = new();
    private Snapshot[] latest = [];
    private DateTimeOffset readAt = DateTimeOffset.MinValue;

    private sealed record Snapshot(string Module, long Backlog, double OldestAgeSeconds, long Parked);

    public OutboxGauges(IEnumerable<IModuleDatabase> modules, NpgsqlDataSource dataSource, IMeterFactory meters, ILogger<OutboxGauges> logger)
    {
        this.dataSource = dataSource;
        this.logger = logger;
        // The schemas come from the modules' registrations, never from input. Only unprocessed rows are read.
        sql = string.Join(" UNION ALL ", modules.Select(module =>
            $"SELECT '{module.Schema}', count(*) FILTER (WHERE parked_at IS NULL), " +
            "coalesce(extract(epoch FROM now() - min(occurred_at) FILTER (WHERE parked_at IS NULL)), 0)::float8, " +
            $"count(*) FILTER (WHERE parked_at IS NOT NULL) FROM \"{module.Schema}\".outbox_messages WHERE processed_at IS NULL"));
        // The factory owns the meter and disposes of it with the app.
        var meter = meters.Create(StoreTelemetry.MeterName);
        meter.CreateObservableGauge("fibrostore.outbox.backlog",
            () => Read().Select(s => new Measurement<long>(s.Backlog, new KeyValuePair<string, object?>("module", s.Module))),
            "{message}", "Outbox messages waiting to be published, per module (parked ones not counted).");
        meter.CreateObservableGauge("fibrostore.outbox.oldest_age",
            () => Read().Select(s => new Measurement<double>(s.OldestAgeSeconds, new KeyValuePair<string, object?>("module", s.Module))),
            "s", "How long the oldest waiting outbox message of each module has waited.");
        meter.CreateObservableGauge("fibrostore.outbox.parked",
            () => Read().Select(s => new Measurement<long>(s.Parked, new KeyValuePair<string, object?>("module", s.Module))),
            "{message}", "Outbox messages on hold for an admin (Staff, Messages on hold), per module.");
        meter.CreateObservableGauge("fibrostore.webhook.lag",
            () => Read().Where(s => s.Module == PaymentsSchema).Select(s => new Measurement<double>(s.OldestAgeSeconds)),
            "s", "How long the oldest Stripe notice that the store has not yet acted on has waited.");
    }

    private Snapshot[] Read()
    {
        lock (gate)
        {
            if (DateTimeOffset.UtcNow - readAt < Freshness)
                return latest;
            readAt = DateTimeOffset.UtcNow;
            try
            {
                var rows = new List<Snapshot>();
                using var command = dataSource.CreateCommand(sql);
                command.CommandTimeout = 5;
                using var reader = command.ExecuteReader();
                while (reader.Read())
                    rows.Add(new Snapshot(reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetInt64(3)));
                latest = [.. rows];
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                // The database may be restarting: report nothing rather than stale figures, and try again next time.
                LogUnreadable(logger, ex);
                latest = [];
            }
            return latest;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox measures could not be read from the database")]
    private static partial void LogUnreadable(ILogger logger, Exception error);
}
