using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FibroStore.TestKit;

public partial class StoreFactory
{
    private static readonly Lazy<string> KeyRingCertificate = new(() =>
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=FibroStore test key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return Convert.ToBase64String(certificate.Export(X509ContentType.Pfx, "test-key-ring"));
    });

    /// <summary>
    /// Everything Production refuses to start without (see the README's Configuration table), with test values. Keys
    /// use ':'; as environment variables replace it with "__". A test of one requirement blanks that one out with
    /// <see cref="With"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ProductionSettings => new Dictionary<string, string>
    {
        ["AllowedHosts"] = "localhost;shop.example.org",
        ["Store:PublicUrl"] = "https://shop.example.org",
        ["DataProtection:CertificateBase64"] = KeyRingCertificate.Value,
        ["DataProtection:CertificatePassword"] = "test-key-ring",
        ["Throttle:KeySecret"] = "test-throttle-secret-of-at-least-32-characters",
        // This store never calls Stripe in these tests.
        ["Stripe:SecretKey"] = "sk_test_unused_by_these_tests",
        ["Stripe:WebhookSecret"] = "whsec_unused_by_these_tests",
    };

    /// <summary>Runs the store as Production, migrating its fresh database at start as the `migrate` command would.</summary>
    public StoreFactory InProduction()
    {
        With("environment", "Production");
        With("Database:MigrateOnStart", "true");
        foreach (var (key, value) in ProductionSettings)
            With(key, value);
        return this;
    }
}
