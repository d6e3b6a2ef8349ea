using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FibroStore.Accounts.KeyRing;

/// <summary>
/// The data-protection keys (which sign sign-in cookies, form tokens, order and unsubscribe links) are stored in
/// PostgreSQL so every instance shares them. A certificate kept outside the database encrypts them there, so a database
/// backup alone cannot forge any of those. Outside Development the store refuses to start without one.
/// </summary>
internal static class KeyRingProtection
{
    public const string Section = "DataProtection";

    public const string Missing =
        "The store will not start outside Development without a certificate to protect its sign-in keys: without one, " +
        "anyone holding a copy of the database could sign in as an admin. Set DataProtection__CertificatePath (a .pfx file) " +
        "or DataProtection__CertificateBase64 (the same file in base64), and DataProtection__CertificatePassword. " +
        "The README's \"Signing keys\" section shows how to make one with openssl.";

    /// <summary>
    /// Encrypts new keys with the configured certificate and reads keys encrypted with it or with any previous one
    /// (<c>DataProtection:Previous:0:Path</c>…), so a certificate can be replaced without signing everyone out.
    /// </summary>
    public static IDataProtectionBuilder ProtectKeysWithConfiguredCertificate(this IDataProtectionBuilder builder,
        IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(Section);
        var current = Load(section, ("CertificatePath", "CertificateBase64", "CertificatePassword"));
        var previous = section.GetSection("Previous").GetChildren()
            .Select(child => Load(child, ("Path", "Base64", "Password")))
            .OfType<X509Certificate2>()
            .ToList();
        if (current is null)
        {
            if (previous.Count > 0)
                throw new InvalidOperationException(
                    "DataProtection__Previous is set but no current certificate is. Set DataProtection__CertificatePath " +
                    "(or DataProtection__CertificateBase64) to the new certificate and keep the old one under Previous.");
            // Checked when the app starts rather than while it is built, so the `migrate` command needs no certificate.
            if (!environment.IsDevelopment())
                builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, MissingCertificateCheck>());
            return builder;
        }
        // The current certificate must be listed for reading too: the decryptor does not look in the OS store on Linux.
        return builder.ProtectKeysWithCertificate(current).UnprotectKeysWithAnyCertificate([current, .. previous]);
    }

    /// <summary>Reads a PKCS#12 (.pfx) certificate with its private key from a path or base64 text, and its password.</summary>
    /// <param name="keys">The configuration keys within <paramref name="section"/>; the first also names the setting in messages.</param>
    private static X509Certificate2? Load(IConfigurationSection section, (string Path, string Base64, string Password) keys)
    {
        var path = section[keys.Path];
        var base64 = section[keys.Base64];
        if (string.IsNullOrWhiteSpace(path) && string.IsNullOrWhiteSpace(base64))
            return null;
        var label = $"{section.Path.Replace(":", "__", StringComparison.Ordinal)}__{keys.Path}";
        X509Certificate2 certificate;
        try
        {
            certificate = string.IsNullOrWhiteSpace(path)
                ? X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(base64!.Trim()), section[keys.Password])
                : X509CertificateLoader.LoadPkcs12FromFile(path, section[keys.Password]);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"The certificate set in {label} (or its Base64 twin) could not be read: {ex.Message} " +
                "Check the path, that the file is a .pfx holding its private key, and the password.", ex);
        }
        using var key = certificate.GetRSAPrivateKey();
        if (key is null)
            throw new InvalidOperationException(
                $"The certificate set in {label} (or its Base64 twin) holds no RSA private key. Export it as a .pfx with its key " +
                "(openssl pkcs12 -export -inkey … -in …).");
        return certificate;
    }

    private sealed class MissingCertificateCheck : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => throw new InvalidOperationException(Missing);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
