using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using FibroStore.SharedKernel.Messaging;
using Mediator;
using FibroStore.SharedKernel;
using FibroStore.SharedKernel.Results;
using FibroStore.SharedKernel.Web;
using Microsoft.AspNetCore.Http;

namespace FibroStore.Web.Tests;

/// <summary>
/// The store-wide money format, the one way staff pages name who is acting and the one shape of a use case's answer,
/// without a database.
/// </summary>
public sealed class SharedRulesTests
{
    [Theory]
    [InlineData(24.50, "CAD", "CA$24.50")]
    [InlineData(24.5, "USD", "$24.50")]
    [InlineData(9, "GBP", "£9.00")]
    [InlineData(1234.5, "EUR", "€1,234.50")]
    [InlineData(-5, "AUD", "-A$5.00")]
    [InlineData(0, "NZD", "NZ$0.00")]
    [InlineData(1234.5, "CHF", "1,234.50 CHF")]
    public void Money_is_written_one_way_everywhere(double amount, string currency, string written)
    {
        Assert.Equal(written, Money.Format((decimal)amount, currency));
    }

    [Fact]
    public void Money_for_machines_has_no_symbol_and_no_grouping()
    {
        Assert.Equal("1234.50", Money.Plain(1234.5m));
        Assert.Equal(2450, Money.ToMinorUnits(24.50m, "CAD"));
        Assert.Equal(24.50m, Money.FromMinorUnits(2450, "CAD"));
    }

    [Fact]
    public void The_acting_staff_member_is_their_account_id_and_their_display_name()
    {
        var staff = Person(new Claim(ClaimTypes.NameIdentifier, "user-17"), new Claim(ClaimTypes.Name, "mira@example.org"),
            new Claim(ActingStaff.DisplayNameClaim, "Mira Holt"));
        Assert.Equal("user-17", staff.StaffId());
        Assert.Equal("Mira Holt", staff.StaffName());
    }

    [Fact]
    public void Staff_without_a_display_name_sign_with_their_sign_in_name()
    {
        var staff = Person(new Claim(ClaimTypes.NameIdentifier, "user-18"), new Claim(ClaimTypes.Name, "sam@example.org"));
        Assert.Equal("sam@example.org", staff.StaffName());
    }

    [Fact]
    public void A_request_without_an_account_is_never_recorded_as_someone()
    {
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());
        Assert.Throws<InvalidOperationException>(() => anonymous.StaffId());
    }

    [Theory]
    [InlineData(RefusalKind.Invalid, 400)]
    [InlineData(RefusalKind.NotFound, 404)]
    [InlineData(RefusalKind.Conflict, 409)]
    [InlineData(RefusalKind.TooMany, 429)]
    [InlineData(RefusalKind.Unavailable, 503)]
    public void Each_kind_of_refusal_has_one_status(RefusalKind kind, int status)
    {
        Assert.Equal(status, RefusalStatus.For(kind));
    }

    [Fact]
    public void Every_kind_of_refusal_has_a_status()
    {
        Assert.All(Enum.GetValues<RefusalKind>(), kind => Assert.InRange(RefusalStatus.For(kind), 400, 599));
    }

    [Fact]
    public void A_done_outcome_carries_its_value_and_a_refused_one_its_reason()
    {
        Outcome<int> done = 7;
        Outcome<int> refused = Refusal.Conflict("That size has just sold out.", "Quantity");

        Assert.True(done.IsDone);
        Assert.Equal(7, done.Value);
        Assert.Null(done.Refusal);
        Assert.False(refused.IsDone);
        Assert.Equal((RefusalKind.Conflict, "Quantity", "That size has just sold out."),
            (refused.Refusal.Kind, refused.Refusal.Field, refused.Refusal.Message));
        Assert.Throws<InvalidOperationException>(() => refused.Value);
    }

    [Fact]
    public void An_outcome_without_a_value_is_done_or_refused()
    {
        Outcome refused = Refusal.TooMany("Please wait a few minutes.");

        Assert.True(Outcome.Done.IsDone);
        Assert.False(refused.IsDone);
        Assert.Equal(RefusalKind.TooMany, refused.Refusal.Kind);
        Assert.Equal("", refused.Refusal.Field);
    }

    [Fact]
    public void A_form_with_several_problems_is_refused_with_all_of_them()
    {
        var refusal = Refusal.Invalid([new FieldProblem("Sku", "Please enter a SKU."), new FieldProblem("Price", "Please enter a price.")]);

        Assert.Equal((RefusalKind.Invalid, "Sku", "Please enter a SKU."), (refusal.Kind, refusal.Field, refusal.Message));
        Assert.Equal([new FieldProblem("Price", "Please enter a price.")], refusal.More);
        Assert.Throws<ArgumentException>(() => Refusal.Invalid([]));
    }

    [Fact]
    public void A_refusal_that_knows_the_wait_says_it_in_Retry_After_and_others_say_nothing()
    {
        var paused = new DefaultHttpContext();
        var plain = new DefaultHttpContext();

        RefusalStatus.Apply(paused.Response, Refusal.TooMany("Please wait 15 minutes.") with { RetryAfter = TimeSpan.FromMinutes(15) });
        RefusalStatus.Apply(plain.Response, Refusal.Conflict("That size has just sold out."));

        Assert.Equal((429, "900"), (paused.Response.StatusCode, paused.Response.Headers.RetryAfter.ToString()));
        Assert.Equal(409, plain.Response.StatusCode);
        Assert.False(plain.Response.Headers.ContainsKey("Retry-After"));
    }

    [Fact]
    public async Task A_message_with_rules_is_checked_before_its_handler_and_one_without_goes_straight_through()
    {
        var handled = 0;
        ValueTask<int> Handle(int stars)
        {
            handled++;
            return ValueTask.FromResult(stars);
        }

        var rated = new ValidationBehavior<RatedMessage, int>();
        await Assert.ThrowsAsync<ValidationException>(async () => await rated.Handle(new RatedMessage(9), (m, _) => Handle(m.Stars), default));
        Assert.Equal(4, await rated.Handle(new RatedMessage(4), (m, _) => Handle(m.Stars), default));
        Assert.Equal(9, await new ValidationBehavior<PlainMessage, int>().Handle(new PlainMessage(9), (m, _) => Handle(m.Stars), default));
        Assert.Equal(2, handled);
    }

    public sealed record RatedMessage([property: Range(1, 5)] int Stars) : IMessage;

    public sealed record PlainMessage(int Stars) : IMessage;

    private static ClaimsPrincipal Person(params Claim[] claims) => new(new ClaimsIdentity(claims, "test"));
}
