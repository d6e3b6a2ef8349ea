using System.Security.Cryptography;

namespace FibroStore.StripeEmulator.Account;

internal static class StripeIds
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New(string prefix, int length = 24) => prefix + RandomNumberGenerator.GetString(Alphabet, length);
}
