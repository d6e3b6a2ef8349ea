namespace FibroStore.StripeEmulator;

/// <summary>An event as the emulator sent (or holds) it: <see cref="Json"/> is the exact webhook payload.</summary>
public sealed record EmulatedEvent(string Id, string Type, string Json, DateTimeOffset Created);
