using FibroStore.Accounts;
using FibroStore.BackOffice;
using FibroStore.Catalog;
using FibroStore.Editorial;
using FibroStore.Ordering;
using FibroStore.Payments;
using FibroStore.SiteServices;
using FibroStore.StripeEmulator;
using FibroStore.Subscribers;
using FibroStore.Web.DevMailbox;
using FibroStore.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddStoreInfrastructure();
builder.AddObservability();
builder.AddSearchThrottle();
builder.AddDevMailboxWhenNoSmtp();
// First: every other module uses its settings, audit trail and throttle, and its migration moves their rows.
builder.AddSiteServices();
builder.AddAccounts();
builder.AddBackOffice();
builder.AddCatalog();
builder.AddOrdering();
builder.AddPayments();
builder.AddStripeEmulatorWhenNoKeys();
builder.AddEditorial();
builder.AddSubscribers();

var app = builder.Build();

// `dotnet FibroStore.Web.dll migrate` is how production applies migrations: explicitly, once per deploy.
if (args.Contains("migrate"))
{
    await app.Services.MigrateAndSeedAsync(demoContent: false, CancellationToken.None);
    return;
}
await app.PrepareDatabaseOnStartAsync();

app.UseScrapeEndpoint();
app.UseStorePipeline();
// Modules whose pages are all Razor Pages (BackOffice, Ordering, Subscribers, SiteServices) map nothing of their own.
app.MapAccounts();
app.MapCatalog();
app.MapPayments();
app.MapStripeEmulator();
app.MapEditorial();
app.MapStoreEndpoints();

await app.RunAsync();

public partial class Program;
