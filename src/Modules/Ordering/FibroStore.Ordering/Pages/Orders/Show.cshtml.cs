using System.ComponentModel.DataAnnotations;
using FibroStore.Ordering.Fulfillment;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace FibroStore.Ordering.Pages.Orders;

/// <summary>
/// One order, for the customer who placed it, or for anyone holding the signed link from its emails (guests).
/// Anyone else gets the same "not found" as for a number that does not exist, so numbers reveal nothing. A genuine
/// link past its time shows no order, only a form that emails a fresh link to the order's address.
/// </summary>
[AllowAnonymous]
public sealed class ShowOrderPage(IMediator mediator, ISiteSettings siteSettings) : PageModel
{
    internal Order? Order { get; private set; }
    internal string? TrackingUrl { get; private set; }
    internal TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>The link has expired: the page offers <see cref="Email"/> instead of the order.</summary>
    public bool Expired { get; private set; }
    public bool FreshLinkAsked { get; private set; }
    public string Number { get; private set; } = "";
    public string? Token { get; private set; }

    [BindProperty]
    [Required(ErrorMessage = "Please give the email address you ordered with.")]
    [StringLength(254, ErrorMessage = "Email addresses have at most 254 characters.")]
    [EmailAddress(ErrorMessage = "That does not look like an email address. It should look like name@example.com.")]
    public string? Email { get; set; }

    public async Task<IActionResult> OnGetAsync(string number, string? t, CancellationToken ct)
    {
        var (order, check) = await mediator.Send(new Query(number, t, CartStore.CustomerId(User)), ct);
        if (check == GuestLinkCheck.Expired)
            return ShowExpired(number, t);
        if (order is null)
            return NotFound();
        Order = order;
        TrackingUrl = Carriers.TrackingUrl(Order.Carrier, Order.TrackingNumber);
        Zone = (await siteSettings.GetAsync(ct)).TimeZone;
        return Page();
    }

    /// <summary>The expired link's form. Every address gets the same answer; only the order's own receives the link.</summary>
    public async Task<IActionResult> OnPostFreshLinkAsync(string number, string? t, CancellationToken ct)
    {
        var (_, check) = await mediator.Send(new Query(number, t, null), ct);
        if (check == GuestLinkCheck.Invalid)
            return NotFound();
        ShowExpired(number, t);
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var client = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var sent = await mediator.Send(new SendFreshLink(number, Email!.Trim(), client), ct);
        if (!sent.IsDone)
            return this.Refuse(sent.Refusal);
        FreshLinkAsked = true;
        return Page();
    }

    private PageResult ShowExpired(string number, string? token)
    {
        Expired = true;
        Number = number;
        Token = token;
        return Page();
    }

    /// <summary>The order when this visitor may see it, and what the link says.</summary>
    internal sealed record Query(string Number, string? Token, string? CustomerId) : IQuery<(Order? Order, GuestLinkCheck Link)>;

    /// <summary>Queues a fresh link when the address is the order's; done for any other address too, so answers reveal nothing.</summary>
    internal sealed record SendFreshLink(string Number, string Email, string ClientAddress) : ICommand<Outcome>;

    internal sealed class Handler(OrderingDbContext db, OrderLinks links, OrderEmails emails, IRequestThrottle throttle, IOptions<OrderingOptions> options)
        : IQueryHandler<Query, (Order?, GuestLinkCheck)>, ICommandHandler<SendFreshLink, Outcome>
    {
        public async ValueTask<(Order?, GuestLinkCheck)> Handle(Query query, CancellationToken ct)
        {
            if (Order.ParseNumber(query.Number) is not { } number)
                return (null, GuestLinkCheck.Invalid);
            var order = await db.Orders.AsNoTracking().AsSplitQuery().Include(o => o.History).SingleOrDefaultAsync(o => o.Number == number, ct);
            if (order is null)
                return (null, GuestLinkCheck.Invalid);
            if (query.CustomerId is not null && order.CustomerId == query.CustomerId)
                return (order, GuestLinkCheck.Valid);
            var link = links.Check(order, query.Token);
            return (link == GuestLinkCheck.Valid ? order : null, link);
        }

        public async ValueTask<Outcome> Handle(SendFreshLink command, CancellationToken ct)
        {
            if (Order.ParseNumber(command.Number) is not { } number)
                return Outcome.Done;
            var hour = TimeSpan.FromHours(1);
            var limit = options.Value.LinkRequestsPerHourLimit;
            if (!await throttle.TryAcquireAsync($"order-link:{command.ClientAddress}", limit, hour, ct)
                || !await throttle.TryAcquireAsync($"order-link-order:{number}", limit, hour, ct))
                return Refusal.TooMany("Several new links have been asked for in the last hour. Please wait an hour, then try again.");
            var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Number == number, ct);
            if (order is not null && string.Equals(order.Email, command.Email, StringComparison.OrdinalIgnoreCase))
            {
                await emails.QueueFreshLinkAsync(order, ct);
                await db.SaveChangesAsync(ct);
            }
            return Outcome.Done;
        }
    }
}
