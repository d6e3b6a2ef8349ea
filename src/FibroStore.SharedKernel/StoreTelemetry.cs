namespace FibroStore.SharedKernel;

/// <summary>The store's own measures (outbox, campaigns, webhooks) are published under this meter's name.</summary>
public static class StoreTelemetry
{
    public const string MeterName = "FibroStore";
}
