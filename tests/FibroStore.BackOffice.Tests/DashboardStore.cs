using System.Collections.Concurrent;
using FibroStore.Catalog.Contracts;
using FibroStore.Editorial.Pages.Staff.Articles;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FibroStore.BackOffice.Tests;

/// <summary>
/// The store with stand-ins for Ordering's figures (the dashboard's test sets the sales it answers and sees the periods
/// asked for) and for the catalog's product cards, and the reply form's timing relaxed.
/// </summary>
public sealed class DashboardStore : StoreFactory
{
    public StubOrderFigures Orders { get; } = new();
    public StubCatalog Catalog { get; } = new();

    public DashboardStore()
    {
        With("Editorial:Replies:MinimumSeconds", "0");
        With("Editorial:Replies:PerAddressLimit", "1000");
        // The tests flush tallies themselves; a background flush in between would only move counts earlier.
        With("Editorial:Readership:FlushSeconds", "3600");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IOrderFigures>();
            services.AddSingleton<IOrderFigures>(Orders);
            services.RemoveAll<IProductCatalog>();
            services.AddSingleton<IProductCatalog>(Catalog);
        });
    }

    internal async Task<TimeZoneInfo> UseTimeZoneAsync(string id)
    {
        await ChangeSettingsAsync(s => s with { TimeZoneId = id });
        return TimeZoneInfo.FindSystemTimeZoneById(id);
    }

    public async Task<(Guid Id, string Slug)> PublishArticleAsync(string title, string markdown = "Pacing helps.\n\n[[product:heat-pad]]\n\nRest, too.")
    {
        var category = (Guid)(await SqlAsync("SELECT id FROM editorial.categories WHERE slug = 'general'"))!;
        var form = new EditArticle.ArticleForm
        {
            Title = title, Excerpt = $"About {title}.", Markdown = markdown, AuthorName = "Ruth Ellison", CategoryId = category,
        };
        var saved = await InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new EditArticle.Save(null, form, EditArticle.SaveIntent.Publish, "editor-1")).AsTask());
        Assert.True(saved.IsDone, saved.Refusal?.Message);
        var slug = (string)(await SqlAsync("SELECT slug FROM editorial.articles WHERE id = @id", ("id", saved.Value.Id)))!;
        return (saved.Value.Id, slug);
    }
}

/// <summary>Ordering's figures as the test sets them; records each period the dashboard asks about.</summary>
public sealed class StubOrderFigures : IOrderFigures
{
    public ConcurrentQueue<(DateTimeOffset From, DateTimeOffset To, string Zone)> Asked { get; } = new();
    public Func<DateTimeOffset, DateTimeOffset, SalesSummary> Sales { get; set; } = (_, _) => new SalesSummary(0, 0, 0, "GBP", []);
    public IReadOnlyList<TopProduct> Top { get; set; } = [];
    public int AwaitingShipment { get; set; }
    public bool Broken { get; set; }

    public Task<SalesSummary> GetSalesAsync(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, CancellationToken ct)
    {
        if (Broken) throw new InvalidOperationException("Ordering's database is away.");
        Asked.Enqueue((from, to, zone.Id));
        return Task.FromResult(Sales(from, to));
    }

    public Task<IReadOnlyList<TopProduct>> GetTopProductsAsync(DateTimeOffset from, DateTimeOffset to, int max, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<TopProduct>>(Top.Take(max).ToList());

    public Task<int> CountAwaitingShipmentAsync(CancellationToken ct) => Task.FromResult(AwaitingShipment);
}

public sealed class StubCatalog : IProductCatalog
{
    public static readonly ProductCard HeatPad = new(Guid.NewGuid(), "heat-pad", "Gentle heat pad", "/products/heat-pad", 24.50m, null, "GBP", null, null, "In stock", true);

    public Task<IReadOnlyDictionary<string, ProductCard>> GetCardsBySlugAsync(IReadOnlyCollection<string> slugs, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<string, ProductCard>>(slugs.Contains(HeatPad.Slug)
            ? new Dictionary<string, ProductCard> { [HeatPad.Slug] = HeatPad }
            : []);

    public Task<IReadOnlyList<ProductCard>> GetFeaturedAsync(int max, CancellationToken ct) => Task.FromResult<IReadOnlyList<ProductCard>>([HeatPad]);
}
