using FibroStore.Payments.Contracts;

namespace FibroStore.Ordering.Fulfillment;

/// <summary>Payments' events, as its outbox delivers them: at least once, in any order. Each step is idempotent.</summary>
internal sealed class PaymentEventHandlers(OrderFulfillment fulfillment) :
    INotificationHandler<CheckoutSessionCompleted>,
    INotificationHandler<CheckoutAsyncPaymentSucceeded>,
    INotificationHandler<CheckoutAsyncPaymentFailed>,
    INotificationHandler<CheckoutSessionExpired>,
    INotificationHandler<ChargeRefunded>
{
    public async ValueTask Handle(CheckoutSessionCompleted notification, CancellationToken ct) =>
        await fulfillment.SettleAsync(notification.Session, ct);

    public async ValueTask Handle(CheckoutAsyncPaymentSucceeded notification, CancellationToken ct) =>
        await fulfillment.SettleAsync(notification.Session, ct);

    public async ValueTask Handle(CheckoutAsyncPaymentFailed notification, CancellationToken ct) =>
        await fulfillment.FailAsync(notification.Session, ct);

    public async ValueTask Handle(CheckoutSessionExpired notification, CancellationToken ct) =>
        await fulfillment.ExpireAsync(notification.CheckoutId, notification.SessionId, ct);

    public async ValueTask Handle(ChargeRefunded notification, CancellationToken ct) =>
        await fulfillment.ApplyRefundedAsync(notification.PaymentIntentId, notification.AmountRefunded, ct);
}
