namespace FibroStore.SharedKernel.Email;

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
    Auto,
}

public sealed class SmtpOptions
{
    public const string Section = "Smtp";
    public string Host { get; set; } = "";
    public int Port { get; set; } = 25;
    public string? Username { get; set; }
    public string? Password { get; set; }
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;
    public int TimeoutSeconds { get; set; } = 30;
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
