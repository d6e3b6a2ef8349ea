using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FibroStore.Payments.Webhooks;

/// <summary>
/// A webhook payload in a form PostgreSQL's <c>jsonb</c> accepts. Strict JSON only (no comments, trailing commas
/// or raw control characters, which a lenient parser would let through to fail in the database). Two escapes
/// that JSON allows and <c>jsonb</c> refuses are replaced by <c>\ufffd</c>, the "unreadable character" sign:
/// <c>\u0000</c> (Stripe can send one from text a customer typed) and a surrogate escape without its pair.
/// </summary>
internal sealed record StorablePayload(string Json, bool Changed)
{
    private const string Replacement = "\\ufffd";

    /// <summary>The payload to store, or null when <paramref name="json"/> is not valid JSON.</summary>
    public static StorablePayload? From(string json)
    {
        try
        {
            using var _ = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
        // Escapes only occur inside strings, and a valid document has no stray backslashes elsewhere.
        if (!json.Contains("\\u", StringComparison.Ordinal))
            return new StorablePayload(json, false);

        var output = new StringBuilder(json.Length);
        var changed = false;
        var i = 0;
        while (i < json.Length)
        {
            var c = json[i];
            if (c != '\\')
            {
                output.Append(c);
                i++;
                continue;
            }
            if (json[i + 1] != 'u')
            {
                output.Append(json, i, 2); // \" \\ \/ \b \f \n \r \t
                i += 2;
                continue;
            }
            var unit = CodeUnit(json, i);
            if (unit == 0 || char.IsLowSurrogate(unit))
            {
                output.Append(Replacement);
                changed = true;
                i += 6;
            }
            else if (char.IsHighSurrogate(unit))
            {
                var paired = i + 12 <= json.Length && json[i + 6] == '\\' && json[i + 7] == 'u' && char.IsLowSurrogate(CodeUnit(json, i + 6));
                if (paired)
                {
                    output.Append(json, i, 12);
                    i += 12;
                }
                else
                {
                    output.Append(Replacement);
                    changed = true;
                    i += 6;
                }
            }
            else
            {
                output.Append(json, i, 6);
                i += 6;
            }
        }
        return new StorablePayload(changed ? output.ToString() : json, changed);
    }

    private static char CodeUnit(string json, int escapeStart) =>
        (char)int.Parse(json.AsSpan(escapeStart + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
