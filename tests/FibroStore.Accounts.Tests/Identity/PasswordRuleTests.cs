using System.ComponentModel.DataAnnotations;
using FibroStore.Accounts.Identity;

namespace FibroStore.Accounts.Tests.Identity;

/// <summary>The one password rule every form uses, without a database.</summary>
public sealed class PasswordRuleTests
{
    [Theory]
    [InlineData(10, true)]
    [InlineData(128, true)]
    [InlineData(40, true)]
    [InlineData(9, false)]
    [InlineData(129, false)]
    [InlineData(0, false)]
    public void A_chosen_password_has_10_to_128_characters_and_nothing_else_is_asked(int length, bool allowed)
    {
        var password = new string('a', length);
        Assert.Equal(allowed ? null : PasswordRule.Message, PasswordRule.Refuse(password));
        Assert.Equal(allowed, new ChosenPasswordAttribute().IsValid(password));
    }

    [Fact]
    public void Words_without_digits_or_symbols_make_a_good_password()
    {
        Assert.Null(PasswordRule.Refuse("quiet library lamp"));
        Assert.Null(PasswordRule.Refuse("ééééééééééé"));
    }

    [Fact]
    public void The_message_and_hint_state_the_same_numbers_as_the_rule()
    {
        var message = PasswordRule.Message;
        var tooLong = PasswordRule.TooLong;
        Assert.Equal($"Choose a password of at least {PasswordRule.MinLength} and at most {PasswordRule.MaxLength} characters.", message);
        Assert.Equal($"A password can be at most {PasswordRule.MaxLength} characters long.", tooLong);
        Assert.StartsWith($"At least {PasswordRule.MinLength} characters.", PasswordRule.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_typed_password_is_only_bounded_in_length_so_an_older_short_one_can_still_be_checked()
    {
        var typed = new TypedPasswordAttribute();
        Assert.True(typed.IsValid("short"));
        Assert.True(typed.IsValid(new string('a', 128)));
        Assert.False(typed.IsValid(new string('a', 129)));
        Assert.Equal(PasswordRule.TooLong, typed.FormatErrorMessage("Password"));
    }

    [Fact]
    public void A_missing_password_is_left_to_the_required_check()
    {
        var results = new List<ValidationResult>();
        var missing = new Form();
        Assert.True(Validator.TryValidateObject(missing, new ValidationContext(missing), results, validateAllProperties: true));
        var tooShort = new Form { Password = "too short" };
        Assert.False(Validator.TryValidateObject(tooShort, new ValidationContext(tooShort), results, validateAllProperties: true));
        Assert.Equal(PasswordRule.Message, Assert.Single(results).ErrorMessage);
    }

    private sealed class Form
    {
        [ChosenPassword] public string? Password { get; init; }
    }
}
