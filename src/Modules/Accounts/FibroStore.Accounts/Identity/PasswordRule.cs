namespace FibroStore.Accounts.Identity;

/// <summary>
/// The store's one password rule: 10 to 128 characters and nothing more. Length is what makes a password strong;
/// composition rules mostly make it harder to remember. Identity's options, every form that chooses a password and
/// the hint beside it read the rule from here.
/// </summary>
internal static class PasswordRule
{
    public const int MinLength = 10;
    public const int MaxLength = 128;

    // Attribute arguments must be constants, so the numbers are written out; a unit test holds them to MinLength and MaxLength.
    public const string Message = "Choose a password of at least 10 and at most 128 characters.";
    public const string TooLong = "A password can be at most 128 characters long.";
    public const string Hint = "At least 10 characters. A few words you will remember make a good password; no special characters needed.";

    /// <summary>Why a password someone chose cannot be used, in the one message every form gives; null when it can.</summary>
    public static string? Refuse(string? password) => password is { Length: >= MinLength and <= MaxLength } ? null : Message;
}

/// <summary>A new password: it must meet <see cref="PasswordRule"/>. A missing one is left to [Required].</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ChosenPasswordAttribute() : ValidationAttribute(PasswordRule.Message)
{
    public override bool IsValid(object? value) => value is null || PasswordRule.Refuse(value as string) is null;
}

/// <summary>
/// A password typed to prove who someone is, or typed again to confirm a new one: only its length is bounded, so a
/// shorter password chosen under an older rule is still checked rather than refused.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class TypedPasswordAttribute : StringLengthAttribute
{
    public TypedPasswordAttribute() : base(PasswordRule.MaxLength) => ErrorMessage = PasswordRule.TooLong;
}
