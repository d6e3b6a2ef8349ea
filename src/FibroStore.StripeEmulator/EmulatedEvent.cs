using System.Text;

namespace FibroStore.StripeEmulator;

/// <summary>
/// An event as the emulator sent (or holds) it. <see cref="Payload"/> is the exact webhook body in UTF-8, half the
/// memory of the same text as a string: the sandbox holds up to twice its kept number of events.
/// </summary>
public sealed record EmulatedEvent(string Id, string Type, byte[] Payload, DateTimeOffset Created)
{
    /// <summary>The payload as text.</summary>
    public string Json => Encoding.UTF8.GetString(Payload);
}
