using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;

namespace FibroStore.Accounts.Tests;

/// <summary>The key ring in PostgreSQL is encrypted with a certificate kept outside the database.</summary>
public sealed class KeyRingProtectionTests
{
    private const string Password = "a-long-pfx-password";

    /// <summary>A self-signed RSA certificate with its private key, as `openssl req -x509` and `openssl pkcs12 -export` make one.</summary>
    private static byte[] NewPfx(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
        return certificate.Export(X509ContentType.Pfx, Password);
    }

    private static async Task<IReadOnlyList<string>> StoredKeysAsync(StoreFactory store)
    {
        await using var connection = new NpgsqlConnection(store.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT xml FROM accounts.data_protection_keys", connection);
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            keys.Add(reader.GetString(0));
        return keys;
    }

    [Fact]
    public async Task With_a_certificate_the_stored_keys_hold_no_plain_key_material_and_a_replaced_certificate_still_reads_them()
    {
        var oldPfx = NewPfx("FibroStore key ring 2026");
        var first = new StoreFactory()
            .With("DataProtection:CertificateBase64", Convert.ToBase64String(oldPfx))
            .With("DataProtection:CertificatePassword", Password);
        var oldFile = Path.Combine(Path.GetTempPath(), $"keyring-{Guid.NewGuid():N}.pfx");
        var newFile = Path.Combine(Path.GetTempPath(), $"keyring-{Guid.NewGuid():N}.pfx");
        StoreFactory? second = null;
        try
        {
            await ((IAsyncLifetime)first).InitializeAsync();
            var token = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("key-ring-test").Protect("sign-in ticket");

            var keys = await StoredKeysAsync(first);
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
                // An unprotected key carries its secret as <masterKey …><value>base64</value></masterKey>.
                Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
            });

            // Rotation: a new current certificate, the old one kept under Previous (as a file this time).
            await File.WriteAllBytesAsync(oldFile, oldPfx);
            await File.WriteAllBytesAsync(newFile, NewPfx("FibroStore key ring 2027"));
            second = new StoreFactory().SharingDatabaseWith(first)
                .With("DataProtection:CertificatePath", newFile)
                .With("DataProtection:CertificatePassword", Password)
                .With("DataProtection:Previous:0:Path", oldFile)
                .With("DataProtection:Previous:0:Password", Password);
            await ((IAsyncLifetime)second).InitializeAsync();
            Assert.Equal("sign-in ticket", second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("key-ring-test").Unprotect(token));
        }
        finally
        {
            if (second is not null)
                await ((IAsyncLifetime)second).DisposeAsync();
            await ((IAsyncLifetime)first).DisposeAsync();
            File.Delete(oldFile);
            File.Delete(newFile);
        }
    }

    [Fact]
    public async Task Outside_development_the_store_refuses_to_start_without_a_certificate_and_says_what_to_set()
    {
        var store = new StoreFactory().InProduction().With("DataProtection:CertificateBase64", "");
        try
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => ((IAsyncLifetime)store).InitializeAsync());
            Assert.Contains("DataProtection__CertificatePath", Flatten(failure), StringComparison.Ordinal);
        }
        finally
        {
            await ((IAsyncLifetime)store).DisposeAsync();
        }
    }

    [Fact]
    public async Task A_certificate_with_the_wrong_password_stops_the_store_with_a_plain_message()
    {
        var store = new StoreFactory()
            .With("DataProtection:CertificateBase64", Convert.ToBase64String(NewPfx("FibroStore key ring")))
            .With("DataProtection:CertificatePassword", "not-the-password");
        try
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => ((IAsyncLifetime)store).InitializeAsync());
            Assert.Contains("DataProtection__CertificatePath (or its Base64 twin) could not be read", Flatten(failure), StringComparison.Ordinal);
        }
        finally
        {
            await ((IAsyncLifetime)store).DisposeAsync();
        }
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
