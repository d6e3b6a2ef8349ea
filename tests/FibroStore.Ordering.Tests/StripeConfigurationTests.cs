namespace FibroStore.Ordering.Tests;

public sealed class StripeConfigurationTests
{
    [Fact]
    public async Task Production_without_Stripe_keys_refuses_to_start_and_says_what_to_set()
    {
        var failure = await StartFailureAsync(new StoreFactory().InProduction().With("Stripe:SecretKey", ""));
        Assert.Contains("Stripe__SecretKey", failure);
    }

    [Fact]
    public async Task A_secret_key_without_a_webhook_secret_refuses_to_start()
    {
        var failure = await StartFailureAsync(new StoreFactory().With("Stripe:SecretKey", "sk_test_someone"));
        Assert.Contains("Stripe__WebhookSecret", failure);
    }

    [Fact]
    public async Task With_real_keys_the_emulator_is_not_mapped_and_webhooks_need_the_real_secret()
    {
        var store = new StoreFactory().With("Stripe:SecretKey", "sk_test_someone").With("Stripe:WebhookSecret", "whsec_someone");
        try
        {
            await ((IAsyncLifetime)store).InitializeAsync();
            using var client = store.CreateClient();
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/stripe-emulator/pay/cs_test_anything")).StatusCode);
            var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent("{}") };
            request.Headers.Add("Stripe-Signature", "t=1,v1=00");
            Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(request)).StatusCode);
        }
        finally
        {
            await ((IAsyncLifetime)store).DisposeAsync();
        }
    }

    [Fact]
    public async Task The_migrate_command_runs_in_production_without_Stripe_keys()
    {
        await using var database = await TestDatabase.CreateAsync();
        var folder = AppContext.BaseDirectory;
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(folder, "FibroStore.Web.dll"), "migrate"])
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Store"] = database.ConnectionString;
        // Another store process on this machine may hold the default scrape port; this one needs no metrics.
        start.Environment["OpenTelemetry__PrometheusListen"] = "";
        start.Environment.Remove("Stripe__SecretKey");
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"migrate exited with {process.ExitCode}: {await errors} {await output}");
    }

    private static async Task<string> StartFailureAsync(StoreFactory store)
    {
        try
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => ((IAsyncLifetime)store).InitializeAsync());
            return Flatten(failure);
        }
        finally
        {
            await ((IAsyncLifetime)store).DisposeAsync();
        }
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
