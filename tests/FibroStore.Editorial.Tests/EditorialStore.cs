using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using FibroStore.Catalog.Contracts;
using FibroStore.Editorial.Pages.Staff.Articles;
using FibroStore.SharedKernel.Results;
using FibroStore.TestKit;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FibroStore.Editorial.Tests;

/// <summary>The store with a stand-in catalog (two known products) and spam timing relaxed so tests need not wait.</summary>
public class EditorialStore : StoreFactory
{
    public FakeCatalog Catalog { get; } = new();
    public CommandCounter Commands { get; } = new();

    public EditorialStore()
    {
        With("Editorial:Replies:MinimumSeconds", "0");
        With("Editorial:Replies:PerAddressLimit", "1000");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IProductCatalog>();
            services.AddSingleton<IProductCatalog>(Catalog);
            services.AddSingleton(Commands);
            services.ConfigureDbContext<EditorialDbContext>(o => o.AddInterceptors(Commands));
        });
    }

    public async Task<Guid> GeneralCategoryAsync() =>
        await InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Categories.Where(c => c.Slug == "general").Select(c => c.Id).SingleAsync());

    public async Task<Outcome<EditArticle.Saved>> SaveAsync(EditArticle.ArticleForm form, EditArticle.SaveIntent intent, Guid? id = null)
    {
        form.CategoryId ??= await GeneralCategoryAsync();
        return await InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new EditArticle.Save(id, form, intent, "editor-1")).AsTask());
    }

    public async Task<(Guid Id, string Slug)> PublishAsync(string title, string markdown, string references = "", params string[] tags)
    {
        var saved = await SaveAsync(Form(title, markdown, references, string.Join(", ", tags)), EditArticle.SaveIntent.Publish);
        Assert.True(saved.IsDone, saved.Refusal?.Message);
        var slug = await InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Articles.Where(a => a.Id == saved.Value.Id).Select(a => a.Slug).SingleAsync());
        return (saved.Value.Id, slug);
    }

    public static EditArticle.ArticleForm Form(string title, string markdown, string references = "", string tags = "") => new()
    {
        Title = title, Excerpt = $"About {title}.", Markdown = markdown, References = references, Tags = tags, AuthorName = "Ruth Ellison",
        ShowDisclaimer = true,
    };

    /// <summary>Posts the reply form the way the page's scripts do: a token from /session/state and a stamp.</summary>
    public static async Task<HttpResponseMessage> PostReplyAsync(BrowserClient client, string slug, Dictionary<string, string> fields)
    {
        var state = JsonDocument.Parse(await client.GetPageAsync("/session/state")).RootElement.GetProperty("antiforgery");
        var stamp = JsonDocument.Parse(await client.GetPageAsync("/articles/reply-stamp")).RootElement.GetProperty("stamp").GetString()!;
        var all = new Dictionary<string, string>(fields) { [state.GetProperty("field").GetString()!] = state.GetProperty("token").GetString()! };
        all.TryAdd("Input.Stamp", stamp);
        return await client.Http.PostAsync($"/articles/{slug}?handler=Reply", new FormUrlEncodedContent(all));
    }

    /// <summary>Cache evictions travel through PostgreSQL NOTIFY, so a changed page shows a moment later.</summary>
    public static async Task<string> EventuallyAsync(BrowserClient client, string url, string expected)
    {
        for (var i = 0; ; i++)
        {
            var html = await client.GetPageAsync(url);
            if (html.Contains(expected, StringComparison.Ordinal) || i == 50) return html;
            await Task.Delay(100);
        }
    }

    public static Dictionary<string, string> Reply(string name, string comment, string email = "reader@example.org") => new()
    {
        ["Input.Name"] = name, ["Input.Email"] = email, ["Input.Comment"] = comment,
    };
}

public sealed class FakeCatalog : IProductCatalog
{
    public ConcurrentDictionary<string, ProductCard> Products { get; } = new(new Dictionary<string, ProductCard>
    {
        ["heat-pad"] = new(Guid.NewGuid(), "heat-pad", "Gentle heat pad", "/shop/heat-pad", 24.50m, 29m, "GBP", null, null, "In stock", true),
        ["sleep-mask"] = new(Guid.NewGuid(), "sleep-mask", "Soft sleep mask", "/shop/sleep-mask", 9m, null, "GBP", null, null, "Only 2 left", true),
    });

    private int calls;

    public int Calls => Volatile.Read(ref calls);

    public Task<IReadOnlyDictionary<string, ProductCard>> GetCardsBySlugAsync(IReadOnlyCollection<string> slugs, CancellationToken ct)
    {
        Interlocked.Increment(ref calls);
        return Task.FromResult<IReadOnlyDictionary<string, ProductCard>>(Products.Where(p => slugs.Contains(p.Key)).ToDictionary());
    }

    public Task<IReadOnlyList<ProductCard>> GetFeaturedAsync(int max, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ProductCard>>(Products.Values.OrderBy(p => p.Slug).Take(max).ToList());
}

/// <summary>Counts the SQL commands the editorial context sends, to prove a page's query count does not grow with its content.</summary>
public sealed class CommandCounter : DbCommandInterceptor
{
    private int count;
    public int Count => count;
    public void Reset() => Interlocked.Exchange(ref count, 0);

    // The outbox processor and the scheduled publisher poll in the background; only page queries count.
    private void Record(DbCommand command)
    {
        if (!command.CommandText.Contains("outbox_messages", StringComparison.Ordinal) && !command.CommandText.Contains("'Scheduled'", StringComparison.Ordinal))
            Interlocked.Increment(ref count);
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }
}

internal static class Html
{
    public static string Decode(string html) => WebUtility.HtmlDecode(html);
}
