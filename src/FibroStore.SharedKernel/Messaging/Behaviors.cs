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
