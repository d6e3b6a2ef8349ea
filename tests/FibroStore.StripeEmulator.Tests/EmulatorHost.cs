using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FibroStore.StripeEmulator.Tests;

/// <summary>A clock the test moves by hand; its timers still tick in real time, so the expiry loop keeps polling.</summary>
public sealed class ManualClock : TimeProvider
{
    private long offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}

/// <summary>
/// A real Kestrel host on a free loopback port that maps only the emulator and a webhook receiver, driven by the
/// unchanged Stripe.net client, as the store drives it.
/// </summary>
public sealed class EmulatorHost(IReadOnlyDictionary<string, string>? settings = null) : IAsyncLifetime
{
    public const string Secret = "whsec_test_secret_for_emulator";

    private WebApplication? app;

    public ManualClock Clock { get; } = new();
    public WebhookReceiver Receiver { get; } = new(Secret);
    public string BaseUrl { get; private set; } = "";
    public StripeEmulator Emulator => app!.Services.GetRequiredService<StripeEmulator>();
    public IStripeClient Stripe { get; private set; } = null!;
    public SessionService Sessions => new(Stripe);
    public HttpClient Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration["StripeEmulator:WebhookSecret"] = Secret;
        builder.Configuration["StripeEmulator:SecretKey"] = "sk_test_emulator";
        builder.Configuration["StripeEmulator:FirstRetryDelay"] = "00:00:00.050";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            builder.Configuration[key] = value;
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.Services.AddStripeEmulator();
        app = builder.Build();
        app.MapStripeEmulator();
        app.MapPost("/webhooks/stripe", Receiver.HandleAsync);
        await app.StartAsync();

        BaseUrl = app.Urls.Single().TrimEnd('/');
        // Options are read on first use, which comes after this: the port is known only once the server listens.
        app.Configuration["StripeEmulator:PublicUrl"] = BaseUrl;
        app.Configuration["StripeEmulator:WebhookUrl"] = BaseUrl + "/webhooks/stripe";
        Stripe = new StripeClient(new StripeClientOptions { ApiKey = "sk_test_emulator", ApiBase = BaseUrl + "/stripe-emulator" });
        Browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(BaseUrl) };
    }

    public async Task DisposeAsync()
    {
        Browser.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        Receiver.Dispose();
    }

    /// <summary>A session with every field the store sends: two lines, a coupon, two shipping options, metadata.</summary>
    public async Task<Session> CreateSessionAsync(string? couponId = null, Action<SessionCreateOptions>? change = null,
        RequestOptions? request = null)
    {
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            LineItems =
            [
                new SessionLineItemOptions
                {
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = "usd",
                        UnitAmount = 2000,
                        ProductData = new SessionLineItemPriceDataProductDataOptions
                        {
                            Name = "Heat pack", Description = "Reusable lavender heat pack", Images = ["https://shop.example/media/heat.jpg"],
                        },
                    },
                    Quantity = 2,
                },
                new SessionLineItemOptions
                {
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = "usd", UnitAmount = 999, ProductData = new SessionLineItemPriceDataProductDataOptions { Name = "Sleep mask" },
                    },
                    Quantity = 1,
                },
            ],
            CustomerEmail = "ada@example.org",
            ClientReferenceId = "order-42",
            Metadata = new Dictionary<string, string> { ["order_id"] = "42" },
            SuccessUrl = "https://shop.example/checkout/done?session_id={CHECKOUT_SESSION_ID}",
            CancelUrl = "https://shop.example/cart",
            ExpiresAt = Clock.GetUtcNow().UtcDateTime.AddHours(2),
            ShippingAddressCollection = new SessionShippingAddressCollectionOptions { AllowedCountries = ["US", "CA"] },
            ShippingOptions =
            [
                Rate("Standard", 500),
                Rate("Express", 1500),
            ],
            Discounts = couponId is null ? null : [new SessionDiscountOptions { Coupon = couponId }],
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = new Dictionary<string, string> { ["order_id"] = "42" } },
        };
        change?.Invoke(options);
        return await Sessions.CreateAsync(options, request);
    }

    public async Task<HttpResponseMessage> PostPayPageAsync(string sessionId, string card, string method = "card", string email = "ada@example.org")
    {
        var fields = new Dictionary<string, string>
        {
            ["email"] = email, ["name"] = "Ada Lovelace", ["method"] = method,
            ["card_number"] = card, ["expiry"] = "12 / 40", ["cvc"] = "123",
            ["line1"] = "12 Elm Street", ["line2"] = "", ["city"] = "Portland", ["state"] = "OR", ["postal_code"] = "97201", ["country"] = "US",
        };
        return await Browser.PostAsync($"/stripe-emulator/pay/{sessionId}", new FormUrlEncodedContent(fields));
    }

    private static SessionShippingOptionOptions Rate(string name, long amount) => new()
    {
        ShippingRateData = new SessionShippingOptionShippingRateDataOptions
        {
            DisplayName = name,
            Type = "fixed_amount",
            FixedAmount = new SessionShippingOptionShippingRateDataFixedAmountOptions { Amount = amount, Currency = "usd" },
        },
    };
}

/// <summary>The store's webhook endpoint in miniature: verifies each signature as the store must, and can refuse on demand.</summary>
public sealed class WebhookReceiver(string secret) : IDisposable
{
    private readonly Lock gate = new();
    private readonly List<(string EventId, int Answered)> attempts = [];
    private readonly List<Event> received = [];
    private readonly SemaphoreSlim arrived = new(0);
    private int failuresToGo;

    public void Dispose() => arrived.Dispose();

    public void FailNext(int times) => Interlocked.Exchange(ref failuresToGo, times);

    public IReadOnlyList<(string EventId, int Answered)> Attempts
    {
        get { lock (gate) return [.. attempts]; }
    }

    public IReadOnlyList<Event> Received
    {
        get { lock (gate) return [.. received]; }
    }

    public async Task<IResult> HandleAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync();
        Event e;
        try
        {
            e = EventUtility.ConstructEvent(json, request.Headers["Stripe-Signature"], secret);
        }
        catch (StripeException)
        {
            return Results.BadRequest();
        }
        var answer = Interlocked.Decrement(ref failuresToGo) >= 0 ? 500 : 200;
        lock (gate)
        {
            attempts.Add((e.Id, answer));
            if (answer == 200)
                received.Add(e);
        }
        arrived.Release();
        return Results.StatusCode(answer);
    }

    /// <summary>Waits for a verified delivery of the given type; the timeout only stops a broken run from hanging.</summary>
    public async Task<Event> WaitForAsync(string type, Func<Event, bool>? match = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var found = Received.FirstOrDefault(e => e.Type == type && (match?.Invoke(e) ?? true));
            if (found is not null)
                return found;
            try
            {
                await arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No {type} webhook arrived. Received: {string.Join(", ", Received.Select(r => r.Type))}");
            }
        }
    }

    public async Task WaitForCountAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Received.Count < count)
        {
            try
            {
                await arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {count} webhooks, got {Received.Count}.");
            }
        }
    }
}
