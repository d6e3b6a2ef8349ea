using System.Text.Json.Serialization;
using FibroStore.SharedKernel.Results;

namespace FibroStore.SiteServices.Contracts;

public sealed record SiteLink(string Title, string Url);

public enum ReplyModeration
{
    /// <summary>Every reply waits for a moderator.</summary>
    HoldEvery,
    /// <summary>A signed-in reader who already had a reply approved is published at once; everything else waits.</summary>
    TrustApprovedReaders,
}

/// <summary>
/// Everything staff can change about the site without a deploy. Read it through <see cref="ISiteSettings"/>.
/// Tax is not here: Ordering applies it and keeps it (Ordering.Contracts' ITaxSettings).
/// </summary>
public sealed record SiteSettings
{
    public string StoreName { get; init; } = "FibroStore";
    public string Tagline { get; init; } = "Gentle help for living with fibromyalgia";
    public string AboutText { get; init; } = "FibroStore is run by people who live with fibromyalgia. We write about what helps and sell a small range of things we would use ourselves.";
    public string ContactEmail { get; init; } = "hello@fibrostore.local";
    public string PostalAddress { get; init; } = "FibroStore, 1 Example Lane, Springfield";
    public string TimeZoneId { get; init; } = "Europe/London";
    public string EmailSenderName { get; init; } = "FibroStore";
    public string EmailSenderAddress { get; init; } = "hello@fibrostore.local";
    public IReadOnlyList<SiteLink> CommunityLinks { get; init; } = [];
    public IReadOnlyList<SiteLink> SisterSites { get; init; } = [];
    /// <summary>The words of the home page's invitation to the shop.</summary>
    public string ShopCallToAction { get; init; } = "Visit the shop";
    public bool ContentProtection { get; init; }
    /// <summary>How many days after delivery shoppers may return an item; 0 when the store takes no returns. Search engines show it beside products.</summary>
    public int ReturnsDays { get; init; } = 30;
    public ReplyModeration ReplyModeration { get; init; } = ReplyModeration.TrustApprovedReaders;
    /// <summary>Replies with more links than this are refused; null leaves Editorial's configured limit (Editorial__Replies__MaxLinks).</summary>
    public int? ReplyMaxLinks { get; init; }
    /// <summary>Staff must turn on two-step sign-in before they can work; on unless an admin turns it off.</summary>
    public bool StaffTwoStepRequired { get; init; } = true;
    /// <summary>A staff session ends after this many minutes without a request.</summary>
    public int StaffIdleMinutes { get; init; } = 30;
    /// <summary>A staff session ends this many hours after signing in, however busy.</summary>
    public int StaffSessionHours { get; init; } = 12;
    public IReadOnlyDictionary<string, bool> Features { get; init; } = new Dictionary<string, bool>();

    [JsonIgnore]
    public TimeZoneInfo TimeZone =>
        TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;

    public bool IsEnabled(string feature) => Features.TryGetValue(feature, out var on) && on;
}

public interface ISiteSettings
{
    /// <summary>The current settings: cached, and refreshed on every instance when any instance changes them.</summary>
    ValueTask<SiteSettings> GetAsync(CancellationToken ct);
}

/// <summary>The settings with the version they were read at, so an edit can be refused when someone saved in between.</summary>
public sealed record VersionedSiteSettings(SiteSettings Settings, int Version);

/// <summary>What the staff settings page needs: the settings as stored, and a save guarded by their version.</summary>
public interface ISiteSettingsEditor
{
    /// <summary>The settings with the version they were saved at.</summary>
    Task<VersionedSiteSettings> LoadAsync(CancellationToken ct);

    /// <summary>
    /// Saves <paramref name="updated"/> if nobody saved since <paramref name="expectedVersion"/>; audits the change and
    /// tells every instance, all in one transaction. Refused (a conflict) when another edit won.
    /// </summary>
    Task<Outcome> SaveAsync(SiteSettings updated, int expectedVersion, string actorId, CancellationToken ct);
}
