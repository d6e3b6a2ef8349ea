using FibroStore.Accounts.Identity;
using Microsoft.Extensions.Configuration;

namespace FibroStore.Accounts.Tests.Identity;

public sealed class EmailFormattingTests
{
    [Fact]
    public void Plain_text_made_from_identity_html_keeps_each_link_in_full()
    {
        var text = HtmlEmailSender.ToText(
            "<p>Please confirm your account by <a href='https://shop.example/confirm?code=a&amp;userId=1'>clicking here</a>.</p><p>Thanks &amp; bye</p>");

        Assert.Equal("Please confirm your account by clicking here: https://shop.example/confirm?code=a&userId=1.\nThanks & bye", text);
    }

    [Fact]
    public void The_authenticator_app_shows_the_store_name_rather_than_the_framework_name()
    {
        var uri = AuthenticatorQr.WithIssuer(
            "otpauth://totp/Microsoft.AspNetCore.Identity.UI:ann%40example.org?secret=ABCDEF234567&issuer=Microsoft.AspNetCore.Identity.UI&digits=6",
            "Fibro Store");

        Assert.Equal("otpauth://totp/Fibro%20Store:ann%40example.org?secret=ABCDEF234567&issuer=Fibro%20Store&digits=6", uri);
    }

    [Fact]
    public void Links_in_emails_use_the_configured_public_address_not_the_request_host()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Store:PublicUrl"] = "https://fibro.example/" })
            .Build();
        var links = new StoreLinks(new FibroStore.SharedKernel.Web.StoreAddress(configuration));

        Assert.Equal("https://fibro.example/Identity/Account/ResetPassword?code=abc",
            links.Rebase("http://evil.example/Identity/Account/ResetPassword?code=abc"));
    }
}
