using System.Diagnostics.CodeAnalysis;

namespace FibroStore.SharedKernel.Results;

/// <summary>
/// Why a use case said no. The web layer turns each kind into one status code (<see cref="Web.RefusalStatus"/>), so no
/// use case names an HTTP status.
/// </summary>
public enum RefusalKind
{
    /// <summary>The input cannot be used as given (400).</summary>
    Invalid,
    /// <summary>What the request names does not exist, or not for this person (404).</summary>
    NotFound,
    /// <summary>The request is sound but the thing's current state forbids it: sold out, already shipped (409).</summary>
    Conflict,
    /// <summary>Too many tries in a short time (429).</summary>
    TooMany,
    /// <summary>Something the store relies on cannot answer now; trying later may work (503).</summary>
    Unavailable,
}

/// <summary>A use case's "no": its kind, the form field it concerns ("" for the whole form) and a plain message.</summary>
public sealed record Refusal(RefusalKind Kind, string Field, string Message)
{
    /// <summary>Further problems with the same form, each shown beside its field, so a person fixes them in one go.</summary>
    public IReadOnlyList<FieldProblem> More { get; init; } = [];

    /// <summary>How long to wait before trying again, when the refusal knows (a pause after too many tries); sent as Retry-After.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Every problem a form has; the first becomes the refusal's own field and message.</summary>
    public static Refusal Invalid(IReadOnlyList<FieldProblem> problems) => problems.Count == 0
        ? throw new ArgumentException("A refusal needs at least one problem.", nameof(problems))
        : new(RefusalKind.Invalid, problems[0].Field, problems[0].Message) { More = problems.Skip(1).ToList() };

    public static Refusal Invalid(string message, string field = "") => new(RefusalKind.Invalid, field, message);
    public static Refusal NotFound(string message, string field = "") => new(RefusalKind.NotFound, field, message);
    public static Refusal Conflict(string message, string field = "") => new(RefusalKind.Conflict, field, message);
    public static Refusal TooMany(string message, string field = "") => new(RefusalKind.TooMany, field, message);
    public static Refusal Unavailable(string message, string field = "") => new(RefusalKind.Unavailable, field, message);
}

/// <summary>One problem with one form field ("" for the whole form).</summary>
public sealed record FieldProblem(string Field, string Message);

/// <summary>What a use case that returns nothing answers: done, or refused.</summary>
public sealed class Outcome
{
    public static readonly Outcome Done = new(null);

    private Outcome(Refusal? refusal) => Refusal = refusal;

    public Refusal? Refusal { get; }

    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool IsDone => Refusal is null;

    public static implicit operator Outcome(Refusal refusal) => new(refusal);
}

/// <summary>What a use case answers: done with a value, or refused.</summary>
public sealed class Outcome<T>
{
    private readonly T? value;

    private Outcome(T? value, Refusal? refusal) => (this.value, Refusal) = (value, refusal);

    public Refusal? Refusal { get; }

    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool IsDone => Refusal is null;

    /// <summary>The value of a done outcome; asking a refused one is a programming fault.</summary>
    public T Value => IsDone ? value! : throw new InvalidOperationException($"A refused outcome has no value: {Refusal.Message}");

#pragma warning disable CA1000 // Outcome<T>.Done(value) names the type a use case answers; the implicit conversions cover the rest.
    public static Outcome<T> Done(T value) => new(value, null);
#pragma warning restore CA1000

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Refusal refusal) => new(default, refusal);
}
