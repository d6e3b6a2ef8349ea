using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;

namespace FibroStore.SharedKernel.Messaging;

public sealed class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
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
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
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
