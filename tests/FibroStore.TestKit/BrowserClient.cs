using System.Net;
using System.Text.RegularExpressions;

namespace FibroStore.TestKit;

/// <summary>
/// An HttpClient that fills in forms the way a browser does: it reads the page, keeps the form's
/// antiforgery token and cookies, and posts the fields.
/// </summary>
public sealed partial class BrowserClient(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    public Task<HttpResponseMessage> GetAsync(string url, CancellationToken ct = default) => http.GetAsync(url, ct);

    public async Task<string> GetPageAsync(string url)
    {
        var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}: {Shorten(body)}");
        return body;
    }

    /// <summary>Loads <paramref name="url"/>, then posts <paramref name="fields"/> with the page's form token.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string url, IDictionary<string, string> fields, string? action = null) =>
        await PostRawAsync(action ?? url, fields, await FormTokenAsync(url));

    /// <summary>Loads <paramref name="url"/> and returns its form's antiforgery token, as an open page holds it.</summary>
    public async Task<string> FormTokenAsync(string url)
    {
        var token = TokenPattern().Match(await GetPageAsync(url));
        if (!token.Success)
            throw new InvalidOperationException($"No antiforgery token on {url}");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    /// <summary>Posts with an explicit token (or none), for testing what the store does with a forged request.</summary>
    public Task<HttpResponseMessage> PostRawAsync(string url, IDictionary<string, string> fields, string? token)
    {
        var all = new Dictionary<string, string>(fields);
        if (token is not null)
            all["__RequestVerificationToken"] = token;
        return http.PostAsync(url, new FormUrlEncodedContent(all));
    }

    public static string Shorten(string body) => body.Length > 600 ? body[..600] + "…" : body;

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
