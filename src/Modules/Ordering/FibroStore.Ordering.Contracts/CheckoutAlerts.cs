namespace FibroStore.Ordering.Contracts;

/// <summary>
/// What checkout asks staff to look at: product options more than half held by open payment pages (one client may be
/// sitting on the stock), and payments refused in the last 30 days because they did not match their checkout.
/// </summary>
public sealed record CheckoutAlerts(int VariantsMostlyHeld, int RefusedPayments);

public interface ICheckoutAlerts
{
    Task<CheckoutAlerts> GetAsync(CancellationToken ct);
}
