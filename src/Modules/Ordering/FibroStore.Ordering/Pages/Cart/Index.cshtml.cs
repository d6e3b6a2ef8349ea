using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using FibroStore.Ordering.Checkout;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace FibroStore.Ordering.Pages.Cart;

/// <summary>
/// The cart and the store's side of checkout on one page: change quantities, choose shipping, add a code, then
/// go to the payment page. Plain forms; nothing the browser sends decides a price.
/// </summary>
[AllowAnonymous]
public sealed partial class CartPage(IMediator mediator) : PageModel
{
    internal CartPageData Data { get; private set; } = CartPageData.Empty;

    [TempData] public string? Status { get; set; }

    [BindProperty] public CheckoutInput Input { get; set; } = new();

    public bool SignedIn => CartStore.CustomerId(User) is not null;

    public string? AccountEmail => SignedIn ? User.FindFirstValue(ClaimTypes.Email) ?? User.Identity?.Name : null;

    public sealed class CheckoutInput
    {
        [EmailAddress(ErrorMessage = "That does not look like an email address. It should look like name@example.com.")]
        [StringLength(254, ErrorMessage = "Email addresses have at most 254 characters.")]
        public string? Email { get; set; }

        public Guid? ShippingOptionId { get; set; }

        [StringLength(Domain.DiscountCode.CodeMaxLength, ErrorMessage = "Discount codes are at most 40 characters.")]
        public string? DiscountCode { get; set; }

        public bool JoinNewsletter { get; set; }
    }

    public async Task OnGetAsync(bool cancelled, CancellationToken ct)
    {
        if (cancelled)
            Status ??= "You left the payment page. Nothing was charged, and your cart is just as you left it.";
        Data = await mediator.Send(new Load(null, null), ct);
    }

    public async Task<IActionResult> OnPostUpdateAsync(Guid variantId, int? quantity, CancellationToken ct)
    {
        if (quantity is null or < 0 or > PurchaseLimit.PerCartLine)
            return await RefusedAsync(Refusal.Invalid($"Please enter a quantity from 0 to {PurchaseLimit.PerCartLine}. 0 removes the item."), ct);
        var changed = await mediator.Send(new ChangeQuantity(variantId, quantity.Value), ct);
        if (!changed.IsDone)
            return await RefusedAsync(changed.Refusal, ct);
        Status = quantity == 0 ? "Removed from your cart." : "Quantity updated.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid variantId, CancellationToken ct)
    {
        await mediator.Send(new ChangeQuantity(variantId, 0), ct);
        Status = "Removed from your cart.";
        return RedirectToPage();
    }

    /// <summary>Shows the totals with the chosen shipping and code, without leaving the page.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
            return await RefusedAsync(null, ct);
        if (!string.IsNullOrWhiteSpace(Input.DiscountCode) && await mediator.Send(new CountCodeCheck(Client), ct) is { IsDone: false } slowed)
            return await RefusedAsync(slowed.Refusal, ct);
        Data = await mediator.Send(new Load(Input.ShippingOptionId, Input.DiscountCode), ct);
        if (Data.Refusal is { } refusal)
            return Refused(refusal);
        Status = string.IsNullOrWhiteSpace(Input.DiscountCode) ? "Totals updated." : "Discount code applied.";
        return Page();
    }

    public async Task<IActionResult> OnPostCheckoutAsync(CancellationToken ct)
    {
        var email = SignedIn ? AccountEmail : Input.Email?.Trim();
        if (string.IsNullOrEmpty(email))
            ModelState.AddModelError("Input.Email", "Please give your email address, so we can send your receipt.");
        if (!ModelState.IsValid)
            return await RefusedAsync(null, ct);
        var started = await mediator.Send(new StartCheckout.Command(new CheckoutChoices(email, Input.ShippingOptionId, Input.DiscountCode, Input.JoinNewsletter), Client), ct);
        if (!started.IsDone)
            return await RefusedAsync(started.Refusal, ct);
        return Redirect(started.Value.PaymentUrl);
    }

    private CheckoutClient Client => new(HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    /// <summary>Shows the cart as it is now (stock may have moved under it) with the refusal, or with the form's own messages.</summary>
    private async Task<IActionResult> RefusedAsync(Refusal? refusal, CancellationToken ct)
    {
        Data = await mediator.Send(new Load(Input.ShippingOptionId, null), ct);
        if (refusal is not null)
            return Refused(refusal);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>A refusal names the checkout's own fields; on this page they sit in <see cref="Input"/>.</summary>
    private PageResult Refused(Refusal refusal) => this.Refuse(refusal with
    {
        Field = InputField(refusal.Field),
        More = refusal.More.Select(p => p with { Field = InputField(p.Field) }).ToList(),
    });

    private static string InputField(string field) => field == "" ? "" : $"{nameof(Input)}.{field}";
}
