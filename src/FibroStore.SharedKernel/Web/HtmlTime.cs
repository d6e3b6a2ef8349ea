using System.Globalization;

namespace FibroStore.SharedKernel.Web;

/// <summary>
/// A moment as HTML's &lt;time datetime&gt; wants it: UTC to the second. .NET's round-trip format ("O") writes seven
/// digits of a second's fraction, which HTML does not allow (one to three).
/// </summary>
public static class HtmlTime
{
    public static string Attribute(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
