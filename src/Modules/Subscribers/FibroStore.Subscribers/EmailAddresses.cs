using System.Text.RegularExpressions;

namespace FibroStore.Subscribers;

/// <summary>
/// The one check of an address's shape, for the forms and the CSV import: something@domain.tld with no spaces or
/// characters that mail programs treat specially. Whether it exists is for the confirmation email to find out.
/// </summary>
internal static partial class EmailAddresses
{
    public const string Pattern = @"^[^@\s<>()\[\],;:""]+@[^@\s<>()\[\],;:""]+\.[^@\s<>()\[\],;:""]+$";

    public static bool LooksValid(string value) => value.Length <= Data.Subscriber.EmailMaxLength && Shape().IsMatch(value);

    [GeneratedRegex(Pattern)]
    private static partial Regex Shape();
}
