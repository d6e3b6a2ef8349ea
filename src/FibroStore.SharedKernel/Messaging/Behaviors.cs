using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;

namespace FibroStore.SharedKernel.Messaging;

public sealed class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : notnull, IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken) =>
        // Every request sends a few messages: with the timing not wanted, none pays for it.
        logger.IsEnabled(LogLevel.Debug) ? HandleTimedAsync(message, next, cancellationToken) : next(message, cancellationToken);

    private async ValueTask<TResponse> HandleTimedAsync(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await next(message, cancellationToken);
        }
        finally
        {
            logger.LogDebug("{Message} handled in {Elapsed} ms", typeof(TMessage).Name,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}

/// <summary>Checks a message's DataAnnotations before its handler runs, whoever sent it.</summary>
public sealed class ValidationBehavior<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    /// <summary>Whether the message type has anything to check, found once per type rather than by reflection on every message.</summary>
    private static readonly bool HasRules =
        typeof(IValidatableObject).IsAssignableFrom(typeof(TMessage)) ||
        typeof(TMessage).IsDefined(typeof(ValidationAttribute), inherit: true) ||
        typeof(TMessage).GetProperties().Any(p => p.IsDefined(typeof(ValidationAttribute), inherit: true));

    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (HasRules)
            Validator.ValidateObject(message, new ValidationContext(message), validateAllProperties: true);
        return next(message, cancellationToken);
    }
}

/// <summary>
/// Runs a query's handler again from the start when the database failed in a way that may pass (a restart, a broken
/// pooled connection), with EF's Npgsql retrying strategy. Queries only read, so running one twice changes nothing;
/// commands are never retried (see <see cref="Data.DatabaseRetry"/>).
/// </summary>
public sealed class ReadRetryBehavior<TMessage, TResponse>(IServiceProvider services) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not IQuery<TResponse>)
            return await next(message, cancellationToken);
        // EF's strategy needs a context only for its logging and its open-transaction check; the kernel's own serves,
        // as it never holds a transaction while a query runs.
        var strategy = Data.DatabaseRetry.ForReads(services.GetRequiredService<Files.FilesDbContext>());
        return await strategy.ExecuteAsync((message, next), (state, ct) => state.next(state.message, ct).AsTask(), cancellationToken);
    }
}
