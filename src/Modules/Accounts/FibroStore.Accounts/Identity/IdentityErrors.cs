namespace FibroStore.Accounts.Identity;

/// <summary>Turns Identity's refusals into one refusal, each problem beside the field it is about, in plain words.</summary>
internal static class IdentityErrors
{
    public static Refusal ToRefusal(IEnumerable<IdentityError> errors,
        string passwordField = "Input.Password", string emailField = "Input.Email", string? currentPasswordField = null) =>
        // With the email as user name, a taken address is reported twice; Distinct keeps one message.
        Refusal.Invalid(errors.Select(error => Problem(error, passwordField, emailField, currentPasswordField)).Distinct().ToList());

    private static FieldProblem Problem(IdentityError error, string passwordField, string emailField, string? currentPasswordField) =>
        error.Code switch
        {
            nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.DuplicateEmail) =>
                new(emailField, "This email address already has an account. Sign in, or choose “Forgot your password?”."),
            nameof(IdentityErrorDescriber.InvalidEmail) or nameof(IdentityErrorDescriber.InvalidUserName) =>
                new(emailField, "Enter an email address like name@example.com."),
            nameof(IdentityErrorDescriber.PasswordMismatch) => new(currentPasswordField ?? passwordField, "That password is not right."),
            nameof(IdentityErrorDescriber.PasswordTooShort) => new(passwordField, PasswordRule.Message),
            var code when code.StartsWith("Password", StringComparison.Ordinal) => new(passwordField, error.Description),
            _ => new("", error.Description),
        };
}
