namespace FibroStore.Web.Infrastructure;

/// <summary>
/// What the friendly error page says instead of its general explanation, when whoever refused the request knows
/// exactly what was wrong (the page is shown by running the pipeline again on the same request).
/// </summary>
internal static class ErrorPageMessage
{
    private const string Item = "fibrostore.error-page-message";

    public static void Set(HttpContext context, string message) => context.Items[Item] = message;

    public static string? Get(HttpContext context) => context.Items[Item] as string;
}
