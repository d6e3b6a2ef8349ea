using FibroStore.SiteServices.Contracts;
using FibroStore.Editorial.Readership;
using FibroStore.Ordering.Contracts;
using FibroStore.Editorial.Replies;
using Npgsql;
using Xunit;

namespace FibroStore.TestKit;

public partial class StoreFactory
{
    /// <summary>Writes the article views and product-card clicks this instance has tallied, as its flusher does every few seconds.</summary>
    public Task FlushReadershipAsync() => Services.GetRequiredService<ReadershipCounter>().FlushAsync(CancellationToken.None);

    /// <summary>A reply form's time stamp, as /articles/reply-stamp hands one to the page's script.</summary>
    public string IssueReplyStamp() => Services.GetRequiredService<FormStamp>().Issue();

    /// <summary>Changes site settings the way the settings page does (audited, announced to every instance).</summary>
    public async Task ChangeSettingsAsync(Func<SiteSettings, SiteSettings> change)
    {
        var store = Services.GetRequiredService<ISiteSettingsEditor>();
        var (current, version) = await store.LoadAsync(CancellationToken.None);
        Assert.True((await store.SaveAsync(change(current), version, "test-admin", CancellationToken.None)).IsDone);
    }

    /// <summary>The tax rule this instance prices baskets with now (its own copy, dropped when any instance saves one).</summary>
    public Task<TaxSettings> PricingTaxAsync() =>
        InScopeAsync(async sp => await sp.GetRequiredService<FibroStore.Ordering.Checkout.TaxSettingsStore>().CurrentAsync(CancellationToken.None));

    /// <summary>Runs SQL on the store's database, for data a test places at exact times.</summary>
    public async Task<object?> SqlAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return await command.ExecuteScalarAsync();
    }
}
