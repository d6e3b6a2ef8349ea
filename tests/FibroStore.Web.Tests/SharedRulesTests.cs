using System.Security.Claims;
using FibroStore.SharedKernel;
using FibroStore.SharedKernel.Web;

namespace FibroStore.Web.Tests;

/// <summary>The store-wide money format and the one way staff pages name who is acting, without a database.</summary>
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

    private static ClaimsPrincipal Person(params Claim[] claims) => new(new ClaimsIdentity(claims, "test"));
}
