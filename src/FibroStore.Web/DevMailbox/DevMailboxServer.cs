using System.Buffers;
using System.Net;
using System.Net.Sockets;
using FibroStore.SharedKernel.Email;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace FibroStore.Web.DevMailbox;

internal sealed class DevMailboxOptions
{
    public string Folder { get; set; } = Path.Combine(Path.GetTempPath(), "fibrostore-mailbox");
    public int Port { get; set; }
}

/// <summary>
/// In development with no SMTP relay configured, the store runs its own SMTP listener on loopback and keeps
/// every message as an .eml file, so development sends mail down exactly the path production uses.
/// </summary>
internal sealed class DevMailboxServer(DevMailboxOptions options, ILogger<DevMailboxServer> logger) : BackgroundService
{
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Returns once the listener accepts connections, so nothing the app sends at start-up finds the port closed.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken);
        await listening.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            Directory.CreateDirectory(options.Folder);
            var serverOptions = new SmtpServerOptionsBuilder()
                .ServerName("fibrostore-dev-mailbox")
                .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, options.Port)))
                .Build();
            var listeners = new EndpointListenerFactory();
            listeners.EndpointStarted += (_, _) => listening.TrySetResult();
            var provider = new SmtpServer.ComponentModel.ServiceProvider();
            provider.Add(new FolderMessageStore(options.Folder));
            provider.Add(listeners);
            logger.LogInformation("Dev mailbox listening on 127.0.0.1:{Port}, keeping mail in {Folder}", options.Port, options.Folder);
            await new SmtpServer.SmtpServer(serverOptions, provider).StartAsync(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            listening.TrySetException(ex);
            throw;
        }
    }

    private sealed class FolderMessageStore(string folder) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var name = $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml";
            await using var file = File.Create(Path.Combine(folder, name));
            foreach (var segment in buffer)
                await file.WriteAsync(segment, cancellationToken);
            return SmtpResponse.Ok;
        }
    }
}

internal static class DevMailboxRegistration
{
    public static WebApplicationBuilder AddDevMailboxWhenNoSmtp(this WebApplicationBuilder builder)
    {
        var smtpHost = builder.Configuration[$"{SmtpOptions.Section}:Host"];
        if (!builder.Environment.IsDevelopment() || !string.IsNullOrWhiteSpace(smtpHost))
            return builder;

        var options = builder.Configuration.GetSection("DevMailbox").Get<DevMailboxOptions>() ?? new DevMailboxOptions();
        if (options.Port == 0)
            options.Port = FreeLoopbackPort();
        builder.Services.AddSingleton(options);
        builder.Services.AddHostedService<DevMailboxServer>();
        builder.Services.PostConfigure<SmtpOptions>(smtp =>
        {
            smtp.Host = "127.0.0.1";
            smtp.Port = options.Port;
            smtp.Security = SmtpSecurity.None;
        });
        return builder;
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
