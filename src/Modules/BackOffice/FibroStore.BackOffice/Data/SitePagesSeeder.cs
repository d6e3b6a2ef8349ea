using FibroStore.SharedKernel.Data;

namespace FibroStore.BackOffice.Data;

/// <summary>
/// Starting text for the information pages. Written for this store; staff are expected to replace it.
/// Runs in production too (the pages must exist to be edited), and never overwrites an edited page.
/// </summary>
internal sealed class SitePagesSeeder(BackOfficeDbContext db, TimeProvider clock) : IDataSeeder
{
    public int Order => 0;
    public bool IsDemoContent => false;

    private static readonly (string Slug, string Title, string Markdown)[] Defaults =
    [
        ("privacy", "Privacy", """
            We keep as little about you as we can, for no longer than we need it, and we never sell it.

            ## What we keep
            - **Your account**, if you make one: your email address, your name and your password (stored only as a one-way hash).
            - **Your orders**: what you bought, where it went and how you paid. Card numbers never reach us; our payment processor handles them.
            - **Your replies** to articles: the name you chose and the text. Your email address is never shown.
            - **Your subscription**, if you join the list: your email address and, if you gave it, your first name.

            ## How long we keep it, and why
            - **Your account** stays until you delete it.
            - **Orders** are sales records, which the law asks us to keep for several years. When you delete your account, your orders lose your name, email address, street address and the link to you. We keep only the order number, the dates, what was bought, the amounts and tax, and the country, because our accounts need them.
            - **Payment notices** from our payment processor carry your name, email and address, so we can answer questions about a payment. After 90 days we keep only the amounts and the payment's reference; when you delete your account, at once.
            - **Emails we send you** (and the messages between parts of the store) are kept for 30 days after they go, in case something went wrong, and then deleted. Those sent to you are deleted at once when you delete your account.
            - **Limits on repeated attempts** (signing in, password emails, replies) count attempts under a scrambled code made from your IP or email address, never the address itself, and forget them after a day.
            - **Replies** stay when you delete your account, because others may have answered them, but they show "Former member" and keep no name or email address.
            - **Your subscription** is removed completely when you delete your account.

            ## What we do not do
            We run no third-party trackers or advertising scripts. Page views are counted by the store itself, without cookies and without keeping anything that identifies you.

            ## Your choices
            You can download everything we hold about you, or delete your account, from your account page at any time. Deleting it removes your details at once, as described above. Every email has a one-click unsubscribe link.
            """),
        ("terms", "Terms of use", """
            These terms cover using this website and buying from the shop.

            ## The articles
            Our articles share what people living with fibromyalgia have found helpful, with references to the research behind them. They are **not medical advice**. Please talk to your doctor before changing treatment.

            ## Replies
            Be kind. We remove replies that are abusive, that sell something, or that share someone else's private details.

            ## Buying
            Prices include everything shown at checkout. Your order is confirmed when your payment succeeds and we send a confirmation email.
            """),
        ("shipping", "Shipping", """
            We pack orders on weekdays and send them within two working days.

            | Option | Usually arrives | Cost |
            | --- | --- | --- |
            | Standard | 3 to 5 working days | shown at checkout |
            | Free standard | 3 to 5 working days | on orders over the free-shipping amount |

            You get an email with a tracking link as soon as your parcel leaves us.
            """),
        ("returns", "Returns", """
            If something is not right, send it back within 30 days for a full refund.

            1. Reply to your order confirmation email and tell us what you are returning.
            2. Pack the item in its original packaging if you still have it. Opened supplements cannot be returned for hygiene reasons unless they are faulty.
            3. We refund to your card within five working days of receiving the parcel.

            Faulty or damaged? We pay for the return and send a replacement straight away if you prefer.
            """),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        var existing = await db.SitePages.Select(p => p.Slug).ToListAsync(ct);
        foreach (var (slug, title, markdown) in Defaults.Where(d => !existing.Contains(d.Slug)))
            db.SitePages.Add(new SitePage { Slug = slug, Title = title, Markdown = markdown, UpdatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
    }
}
