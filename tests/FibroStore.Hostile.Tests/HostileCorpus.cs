using System.Text;

namespace FibroStore.Hostile.Tests;

/// <summary>
/// One hostile input. <see cref="Value"/> is text the test URL-encodes as UTF-8, unless <see cref="Encoded"/> is
/// set: then those exact percent-encoded bytes go on the wire (invalid and overlong UTF-8 cannot be written as a
/// .NET string).
/// </summary>
public sealed record HostileValue(string Category, string Value, string? Encoded = null)
{
    public string FormEncoded => Encoded ?? Uri.EscapeDataString(ScrubForEscaping(Value));

    /// <summary>A lone surrogate cannot be UTF-8 encoded; the bytes a careless client would send (U+FFFD) are sent instead.</summary>
    private static string ScrubForEscaping(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { builder.Append(c).Append(value[++i]); }
            else if (char.IsSurrogate(c)) builder.Append('\uFFFD');
            else builder.Append(c);
        }
        return builder.ToString();
    }

    public override string ToString() => $"[{Category}] {Shorten(Encoded ?? Value)}";

    private static string Shorten(string s)
    {
        var visible = s.Replace("\0", "\\0", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return visible.Length > 80 ? visible[..80] + $"…({visible.Length})" : visible;
    }
}

/// <summary>A hostile way to send a whole request, rather than a value for one field.</summary>
public enum Shape
{
    FieldTwice, FieldAsArray, FieldIndexed, FieldAsObject, PrefixOnly, FieldKeyOverlong, TooManyFields, EmptyBody, BrokenPercentEncoding,
    JsonBody, XmlWithExternalEntity, PlainText, MultipartWithoutBoundary, MultipartWithOverlongBoundary, BinaryBody, FormInUtf7, FormInEbcdic,
    NoContentType, ValueOverFormLimit, ValueOfOneMegabyte, BodyOverServerLimit,
}

/// <summary>
/// Hostile input written for FibroStore: its payload ids, its tables and schemas, its fields. Script payloads set
/// <c>window.__pwned</c> to their own number, so a browser that runs one names it.
/// </summary>
public static class HostileCorpus
{
    public static IReadOnlyList<HostileValue> Values { get; } = Build();

    public static IReadOnlyList<Shape> Shapes { get; } = Enum.GetValues<Shape>();

    /// <summary>Values plus request shapes: the inputs the corpus holds.</summary>
    public static int Count => Values.Count + Shapes.Count;

    public static IEnumerable<HostileValue> Scripts => Values.Where(v => v.Category == "script");

    private static List<HostileValue> Build()
    {
        var all = new List<HostileValue>();
        all.AddRange(ScriptPayloads().Select(s => new HostileValue("script", s)));
        all.AddRange(Sql().Select(s => new HostileValue("sql", s)));
        all.AddRange(Unicode().Select(s => new HostileValue("unicode", s)));
        all.AddRange(InvalidUtf8().Select(e => new HostileValue("invalid-utf8", "", e)));
        all.AddRange(NullCharacters().Select(s => new HostileValue("null", s)));
        all.AddRange(Paths().Select(s => new HostileValue("path", s)));
        all.AddRange(Numbers().Select(s => new HostileValue("number", s)));
        all.AddRange(Dates().Select(s => new HostileValue("date", s)));
        all.AddRange(Identifiers().Select(s => new HostileValue("identifier", s)));
        all.AddRange(Long().Select(s => new HostileValue("long", s)));
        all.AddRange(Emails().Select(s => new HostileValue("email", s)));
        all.AddRange(Markup().Select(s => new HostileValue("markup", s)));
        return all.DistinctBy(v => v.Encoded ?? v.Value).ToList();
    }

    private static IEnumerable<string> ScriptPayloads()
    {
        var n = 0;
        string Mark() => $"window.__pwned='p{++n}'";
        // Each dialect is written out; the marker keeps each payload's number unique.
        var dialects = new List<Func<string>>
        {
            () => $"<script>{Mark()}</script>",
            () => $"<SCRIPT>{Mark()}</SCRIPT>",
            () => $"<ScRiPt >{Mark()}</sCrIpT >",
            () => $"<script\n>{Mark()}</script\n>",
            () => $"<script/fibro>{Mark()}</script>",
            () => $"<script type=\"module\">{Mark()}</script>",
            () => $"<script src=\"data:text/javascript,{Mark()}\"></script>",
            () => $"<img src=x onerror=\"{Mark()}\">",
            () => $"<img src=x onerror={Mark()}>",
            () => $"<IMG SRC=x ONERROR=\"{Mark()}\">",
            () => $"<img/src=x/onerror={Mark()}>",
            () => $"<img src=\"x\" alt=\"heat pack\" onerror=\"{Mark()}\" />",
            () => $"<svg onload=\"{Mark()}\">",
            () => $"<svg><script>{Mark()}</script></svg>",
            () => $"<svg><animate onbegin=\"{Mark()}\" attributeName=x dur=1s>",
            () => $"<svg><a xlink:href=\"javascript:{Mark()}\"><text x=20 y=20>tap</text></a></svg>",
            () => $"<math><mtext><table><mglyph><style><img src=x onerror=\"{Mark()}\">",
            () => $"<iframe srcdoc=\"<script>parent.{Mark()}</script>\"></iframe>",
            () => $"<iframe src=\"javascript:parent.{Mark()}\"></iframe>",
            () => $"<object data=\"javascript:{Mark()}\"></object>",
            () => $"<embed src=\"javascript:{Mark()}\">",
            () => $"<body onload=\"{Mark()}\">",
            () => $"<details open ontoggle=\"{Mark()}\"><summary>Pacing</summary></details>",
            () => $"<input autofocus onfocus=\"{Mark()}\">",
            () => $"<textarea autofocus onfocus=\"{Mark()}\"></textarea>",
            () => $"<select autofocus onfocus=\"{Mark()}\"></select>",
            () => $"<video><source onerror=\"{Mark()}\"></video>",
            () => $"<audio src=x onerror=\"{Mark()}\"></audio>",
            () => $"<marquee onstart=\"{Mark()}\">calm</marquee>",
            () => $"<div onmouseover=\"{Mark()}\" style=\"position:fixed;inset:0\">rest</div>",
            () => $"<a href=\"javascript:{Mark()}\">Read the study</a>",
            () => $"<a href=\"JaVaScRiPt:{Mark()}\">Shop</a>",
            () => $"<a href=\"&#106;avascript:{Mark()}\">Encoded scheme</a>",
            () => $"<a href=\"java\tscript:{Mark()}\">Tab in scheme</a>",
            () => $"<a href=\"data:text/html,<script>{Mark()}</script>\">Data link</a>",
            () => $"<form action=\"javascript:{Mark()}\"><button>Go</button></form>",
            () => $"<button formaction=\"javascript:{Mark()}\">Save</button>",
            () => $"<meta http-equiv=\"refresh\" content=\"0;url=javascript:{Mark()}\">",
            () => $"<base href=\"javascript:{Mark()}//\">",
            () => $"<link rel=\"stylesheet\" href=\"javascript:{Mark()}\">",
            () => $"<style>@import 'javascript:{Mark()}';</style>",
            () => $"<div style=\"background:url('javascript:{Mark()}')\">warm</div>",
            () => $"<div style=\"width:expression({Mark()})\">old</div>",
            () => $"<noscript><p title=\"</noscript><img src=x onerror='{Mark()}'>\"></noscript>",
            () => $"</textarea><script>{Mark()}</script>",
            () => $"</title><script>{Mark()}</script>",
            () => $"</style><script>{Mark()}</script>",
            () => $"</script><script>{Mark()}</script>",
            () => $"<!--<img src=\"--><img src=x onerror={Mark()}//\">",
            () => $"<![CDATA[<script>{Mark()}</script>]]>",
            () => $"\"><script>{Mark()}</script>",
            () => $"'><script>{Mark()}</script>",
            () => $"\" autofocus onfocus=\"{Mark()}\" x=\"",
            () => $"' autofocus onfocus='{Mark()}' x='",
            () => $"\" onmouseover=\"{Mark()}\"",
            () => $"javascript:{Mark()}",
            () => $"  javascript:{Mark()}",
            () => $"data:text/html;base64,{Convert.ToBase64String(Encoding.UTF8.GetBytes($"<script>{Mark()}</script>"))}",
            () => $"vbscript:{Mark()}",
            () => $"[Read more](javascript:{Mark()})",
            () => $"[Read more](JAVASCRIPT:{Mark()})",
            () => $"![heat pack](x\" onerror=\"{Mark()})",
            () => $"[link](<javascript:{Mark()}>)",
            () => $"<a href=\"https://example.org\" onclick=\"{Mark()}\">Calm link</a>",
            () => $"[[product:<img src=x onerror={Mark()}>]]",
            () => $"{{{{constructor.constructor('{Mark().Replace("'", "\\'", StringComparison.Ordinal)}')()}}}}",
            () => $"${{{Mark()}}}",
            () => $"<%= {Mark()} %>",
            () => $"@({Mark()})",
            () => $"+ADw-script+AD4-{Mark()}+ADw-/script+AD4-",
            () => $"&lt;script&gt;{Mark()}&lt;/script&gt;",
            () => $"&#60;script&#62;{Mark()}&#60;/script&#62;",
            () => $"\\u003cscript\\u003e{Mark()}\\u003c/script\\u003e",
            () => $"%3Cscript%3E{Mark()}%3C%2Fscript%3E",
            () => $"＜script＞{Mark()}＜/script＞",
            () => $"<scr<script>ipt>{Mark()}</scr</script>ipt>",
            () => $"<<script>script>{Mark()}<</script>/script>",
            () => $"<img src=`x` onerror=`{Mark()}`>",
            () => $"<svg><style><img src=x onerror=\"{Mark()}\"></style></svg>",
            () => $"<table background=\"javascript:{Mark()}\"></table>",
            () => $"<isindex type=image src=1 onerror=\"{Mark()}\">",
            () => $"<template><img src=x onerror=\"{Mark()}\"></template>",
            () => $"<xmp><img src=x onerror=\"{Mark()}\"></xmp>",
            () => $"<keygen autofocus onfocus=\"{Mark()}\">",
            () => $"<img src=x onerror=\"{Mark()}\"",
            () => $"<a href=\"/articles\" id=\"x\" tabindex=\"1\" onfocusin=\"{Mark()}\">Articles</a>",
        };
        var plain = dialects.Select(d => d()).ToList();
        foreach (var payload in plain)
            yield return payload;
        // The same dialects inside ordinary sentences, as someone would paste them into a reply or a product text.
        foreach (var d in dialects.Take(40))
            yield return $"Heat helps my back. {d()} Thank you for the article.";
        foreach (var d in dialects.Skip(40))
            yield return $"{d()}\n\nSecond paragraph, with a line\nbreak.";
    }

    private static IEnumerable<string> Sql() =>
    [
        "'", "''", "\"", "`", "\\", "\\'", "';", "' OR '1'='1", "' OR 1=1--", "\" OR \"\"=\"", "1' AND '1'='2",
        "'; DROP TABLE catalog.products; --", "'); DELETE FROM accounts.asp_net_users; --", "1; TRUNCATE ordering.orders CASCADE",
        "' UNION SELECT password_hash, email FROM accounts.asp_net_users --", "1' AND (SELECT pg_sleep(5)) IS NULL --",
        "' || (SELECT current_setting('server_version')) || '", "$$ OR 1=1 $$", "$fibro$ DROP SCHEMA editorial CASCADE $fibro$",
        "E'\\x27'", "1::text", "'::jsonb", "%", "_", "%_%", "\\%", "[a-z]%", "%' AND '%'='", "/*", "*/", "--",
        "COPY (SELECT '') TO PROGRAM 'touch /tmp/fibro-pwned'", "'; SET ROLE postgres; --", "lavender & | ! heat",
        "!!!", "((((((", ")))))", ":*", "a <-> b", "a <1000000> b", "heat:* & !!!pack", "\"unterminated phrase",
        "OR", "-", "- -", "&", "|", "!", "NULL", "null", "undefined", "None", "nil", "true", "false",
        "{\"$gt\": \"\"}", "$.orders[*].total", "${jndi:ldap://127.0.0.1/fibro}", "*)(uid=*))(|(uid=*", "<!ENTITY fibro SYSTEM \"file:///etc/passwd\">",
    ];

    private static IEnumerable<string> Unicode() =>
    [
        "\uD800", "\uDFFF", "a\uDC00b", "\uDBFF\uD800", "\uFFFE", "\uFFFF", "\uFDD0", "\U0010FFFF", "\uFEFFheat pack",
        "\u202Egnp.kcap-taeh", "\u202Dforce left\u202C", "\u200B\u200C\u200D\u2060", "\u00AD\u034F", "Z\u0335\u0321\u0322\u031B\u0317\u0318\u0319\u031C\u031D\u031E\u031F\u0320algo",
        "\U0001F469\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466", "\U0001F4A9", "\u2028line\u2029paragraph", "\u0085next line",
        "\u0001\u0002\u0003\u0004\u0007\u0008", "\u001B[31mred\u001B[0m", "\u007F", "\u0080\u0081\u009F", "\t\ttabbed", "\r\nSet-Cookie: fibro=1",
        "a\rb", "line\r\n\r\n<h1>injected</h1>", "＜script＞", "аdmin@example.org", "İstanbul ı I i", "Straße ß ẞ", "ﬃ ligature",
        "e\u0301 vs \u00E9", "\u0627\u0644\u0623\u0644\u0645 \u0627\u0644\u0645\u0632\u0645\u0646", "\u05DB\u05D0\u05D1 \u05DB\u05E8\u05D5\u05E0\u05D9",
        "\u6162\u6027\u75BC\u75DB", "\u7DCA\u5F35\u6027\u982D\u75DB", "\uAC00\uB098\uB2E4", "\u0E2A\u0E27\u0E31\u0E2A\u0E14\u0E35", "\u1F00\u1F01",
        new string('\u0301', 300), string.Concat(Enumerable.Repeat("\U0001F525", 500)), "\uFFFD\uFFFD", "\u0000\uFFFD",
        " ", "   ", "\u00A0", "\u3000", "\u2003\u2009", ".", "..", "...", "\u2024\u2024/", "\uFF0E\uFF0E\uFF0F",
    ];

    private static IEnumerable<string> InvalidUtf8() =>
    [
        "%C0%AE%C0%AE%2F", "%C0%BCscript%C0%BE", "%E0%80%BC", "%F0%80%80%BC", "%F8%80%80%80%BC", "%ED%A0%80", "%ED%BF%BF", "%ED%A0%BD%ED%B8%80",
        "%FF", "%FE%FF", "%80", "%BF", "%C3", "%E2%82", "%F4%90%80%80", "%F5%80%80%80", "%C1%81", "%EF%BF%BE", "%C0%80", "heat%C0%00pack",
        "%E2%80%AE%C0", "%25%30%30", "%u003cscript%u003e", "%%", "%zz", "%",
    ];

    private static IEnumerable<string> NullCharacters() =>
    [
        "\0", "\0\0\0", "heat\0pack", "\0<script>window.__pwned='n1'</script>", "ada@example.org\0", "\0ada@example.org",
        "FS-1001\0", "cs_test_\0", "00000000-0000-0000-0000-000000000000\0", "10\0", "true\0", "../\0.png", "%00", "\\0", "\\u0000", "&#0;", "\u0000\u0000\uFFFD",
    ];

    private static IEnumerable<string> Paths() =>
    [
        "../../../../etc/passwd", "..\\..\\..\\..\\windows\\win.ini", "....//....//etc/passwd", "..%2f..%2fetc%2fpasswd", "%2e%2e%2f%2e%2e%2f",
        "..%252f..%252f", "/etc/passwd", "/proc/self/environ", "/dev/zero", "file:///etc/shadow", "\\\\fibro-share\\c$", "C:\\boot.ini",
        "~root/.ssh/id_rsa", "$HOME/.pgpass", "%USERPROFILE%", "| cat /etc/passwd", "; ls -la", "`id`", "$(id)", "&& shutdown -h now",
        "http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:5432/", "gopher://127.0.0.1:25/", "//evil.example/", "\\/evil.example",
        "/\\evil.example", "https:evil.example", "https://evil.example/staff", "/%2F%2Fevil.example", "/staff/../Identity/Account/Login",
        "media/../../appsettings.json", "editorial/images/../../../../etc/hosts", "./", "/", "\\",
    ];

    private static IEnumerable<string> Numbers() =>
    [
        "-1", "0", "-0", "00000000001", "+1", " 1 ", "1_000", "1,000", "1.000,50", "1.5.5", "1e2", "1e309", "-1e309", "1e-400",
        "NaN", "Infinity", "-Infinity", "0x7FFFFFFF", "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967296",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
        "79228162514264337593543950335", "79228162514264337593543950336", "-79228162514264337593543950336",
        "0.0000000000000000000000000001", "0.00000000000000000000000000001", "4.999999999999999999999999999999", "999999999999.99",
        "1000000000000", "99999999.999", "-0.01", "0.001", "1/0", "2^63", "\u0661\u0662\u0663", "\uFF11\uFF12\uFF13", "\u2167", "one",
        "10 units", "1e2147483648", new string('9', 400), "-" + new string('9', 400), "0." + new string('0', 400) + "1", "1e", "e1", ".", "-.", "+-1",
    ];

    private static IEnumerable<string> Dates() =>
    [
        "0001-01-01", "9999-12-31", "2024-02-30", "2025-13-01", "-0001-01-01", "1970-01-01T00:00:00Z", "2038-01-19T03:14:08Z",
        "10000-01-01", "2025-06-01T25:61:61", "31/12/2025", "12/31/2025", "tomorrow", "0", "-62135596801",
    ];

    private static IEnumerable<string> Identifiers() =>
    [
        "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "not-a-guid", "{00000000-0000-0000-0000-000000000000}",
        "00000000000000000000000000000000", "FS-0", "FS--1", "FS-99999999999999999999", "fs-1001", "cs_test_" + new string('a', 300), "evt_",
        "pi_", "price-asc;DROP", "newest\r\n", "admin", "Admin", "ADMIN", "Editor,Admin", "root", "system",
    ];

    private static IEnumerable<string> Emails() =>
    [
        "a@b", "ada@example.org\r\nBcc: everyone@example.org", "ada@example.org\nSubject: Win", "\"quoted name\"@example.org", "ada+fibro@example.org",
        "<ada@example.org>", "Ada <ada@example.org>", "ada@[127.0.0.1]", "ada@localhost", "mailto:ada@example.org", "ada@example..org", "@example.org",
        "ada@", "ada lovelace@example.org", "\u00FC@ex\u00E4mple.org", "ada@xn--exmple-cua.org", "ada@example.org, bob@example.org", "ada@example.org;bob@example.org",
        "ada@@example.org", ".ada@example.org", "ada.@example.org", "ada@-example.org", "a\"b(c)d,e:f;g<h>i[j\\k]l@example.org", "ada@example.org%0ABcc:x@example.org",
    ];

    private static IEnumerable<string> Markup() =>
    [
        "# Heading one\n## Heading two", "| a | b |\n|---|---|\n| 1 | 2 |", "- one\n  - two\n    - three", "```\n<script>code</script>\n```",
        "![huge](/media/" + new string('x', 300) + ".png)", "[](/)", "[link](https://example.org \"title\")", "**bold** _em_ ~~strike~~",
        "<b>bold</b> <i>em</i> <u>under</u>", "<p style=\"color:red\">red</p>", "<table><tr><td>cell</td></tr></table>", "&nbsp;&amp;&lt;&gt;&quot;&#39;",
        "&unknown; &#xFFFFFF; &#99999999;", "<!-- comment -->", "<![if !IE]>x<![endif]>", "{\"__proto__\": {\"admin\": true}}", "[]", "[[[[[[", "{}",
        "<?xml version=\"1.0\"?><x/>", "<svg><circle r=\"40\"/></svg>", "> quoted\n> reply", "[[product:no-such-product]]", "[[product:]]",
    ];

    private static IEnumerable<string> Long() =>
    [
        new string('a', 256), new string('a', 1024), new string('\u00E9', 5000), string.Concat(Enumerable.Repeat("heat pack ", 3000)),
        string.Concat(Enumerable.Repeat("<b>", 2000)), string.Concat(Enumerable.Repeat("[", 5000)), string.Concat(Enumerable.Repeat("> ", 5000)),
        string.Concat(Enumerable.Repeat("*", 10000)), string.Concat(Enumerable.Repeat("https://example.org/ ", 500)),
        new string('\n', 5000), "a@" + new string('b', 300) + ".org", new string('x', 64) + "@example.org",
    ];
}
