using System.Globalization;

namespace FibroStore.StripeEmulator.Account;

/// <summary>The countries a billing address may be in: every region the culture data knows, by English name.</summary>
internal static class Countries
{
    public static readonly IReadOnlyList<string> All = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        // A specific culture's name ends in its region (en-GB, sr-Latn-RS); en-001 and the like end in a continent or the world.
        .Select(culture => culture.Name[(culture.Name.LastIndexOf('-') + 1)..])
        .Where(code => code.Length == 2 && code.All(char.IsAsciiLetterUpper))
        .Distinct(StringComparer.Ordinal)
        .OrderBy(Name, StringComparer.InvariantCulture)
        .ToList();

    public static string Name(string code)
    {
        try
        {
            return new RegionInfo(code).EnglishName;
        }
        catch (ArgumentException)
        {
            return code;
        }
    }
}
