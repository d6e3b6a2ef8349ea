using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace FibroStore.Accounts.Identity;

/// <summary>Puts Identity's refusals next to the field they are about, in plain words.</summary>
internal static class IdentityErrors
{
    public static void AddTo(ModelStateDictionary modelState, IEnumerable<IdentityError> errors,
        string passwordField = "Input.Password", string emailField = "Input.Email", string? currentPasswordField = null)
    {
        foreach (var error in errors)
        {
            switch (error.Code)
            {
                // With the email as user name, a taken address is reported twice; one message is enough.
                case nameof(IdentityErrorDescriber.DuplicateUserName):
                    break;
                case nameof(IdentityErrorDescriber.DuplicateEmail):
                    modelState.AddModelError(emailField, "This email address already has an account. Sign in, or choose “Forgot your password?”.");
                    break;
                case nameof(IdentityErrorDescriber.InvalidEmail):
                case nameof(IdentityErrorDescriber.InvalidUserName):
                    modelState.AddModelError(emailField, "Enter an email address like name@example.com.");
                    break;
                case nameof(IdentityErrorDescriber.PasswordMismatch):
                    modelState.AddModelError(currentPasswordField ?? passwordField, "That password is not right.");
                    break;
                case nameof(IdentityErrorDescriber.PasswordTooShort):
                    modelState.AddModelError(passwordField, PasswordRule.Message);
                    break;
                case var code when code.StartsWith("Password", StringComparison.Ordinal):
                    modelState.AddModelError(passwordField, error.Description);
                    break;
                default:
                    modelState.AddModelError(string.Empty, error.Description);
                    break;
            }
        }
    }
}
