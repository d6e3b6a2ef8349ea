using System.Net;
using Microsoft.AspNetCore.Http;

namespace FibroStore.StripeEmulator;

/// <summary>
/// The emulator takes "payments" from anyone who reaches it, so it answers only this machine: requests from loopback,
/// or from inside the process (an in-memory test server has no remote address). Anyone else gets a plain 404.
/// </summary>
internal sealed class LoopbackOnly : IEndpointFilter
{
    public static bool IsLocal(HttpContext context) =>
        context.Connection.RemoteIpAddress is not { } address || IPAddress.IsLoopback(address);

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        IsLocal(context.HttpContext) ? next(context) : ValueTask.FromResult<object?>(Results.NotFound());
}
