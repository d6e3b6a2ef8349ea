namespace FibroStore.Web.Tests;

/// <summary>Database:MaxAutoPrepare reaches the one data source every module's DbContext and raw query share.</summary>
public sealed class AutoPrepareSettingTests : IAsyncLifetime
{
    private readonly StoreFactory store = new StoreFactory().With("Database:MaxAutoPrepare", "16");

    public Task InitializeAsync() => store.InitializeAsync();

    public async Task DisposeAsync() => await ((IAsyncLifetime)store).DisposeAsync();

    [Fact]
    public void The_shared_data_source_prepares_statements_automatically_when_the_setting_asks()
    {
        var dataSource = store.Services.GetRequiredService<NpgsqlDataSource>();
        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        Assert.Equal(16, settings.MaxAutoPrepare);
    }
}
