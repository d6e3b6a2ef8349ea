using Microsoft.AspNetCore.Authorization;
using Npgsql;

namespace FibroStore.Ordering.Pages.Cart;

/// <summary>
/// "Add to cart" from a product page. That page is served from the shared cache and may have no form token when
/// scripts are off, so this one action takes no token: the cart cookie is SameSite=Lax, so a post from another
/// site reaches no one's cart, and adding to a cart spends nothing.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class AddToCartPage(IMediator mediator) : PageModel
{
    public string? Message { get; private set; }
    public string? ReturnUrl { get; private set; }

    public IActionResult OnGet() => Redirect("/cart");

    public async Task<IActionResult> OnPostAsync(string? variantId, string? quantity, string? returnUrl, CancellationToken ct)
    {
        ReturnUrl = returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : "/shop";
        if (!Guid.TryParse(variantId, out var id))
            return Refused(Refusal.Invalid("Please choose which option you would like."));
        if (!int.TryParse(quantity ?? "1", out var count) || count < 1 || count > PurchaseLimit.PerCartLine)
            return Refused(Refusal.Invalid($"Please choose a quantity from 1 to {PurchaseLimit.PerCartLine}."));
        var added = await mediator.Send(new Add(id, count), ct);
        if (!added.IsDone)
            return Refused(added.Refusal);
        TempData["Status"] = $"Added {added.Value} to your cart.";
        return Redirect("/cart");
    }

    private PageResult Refused(Refusal refusal)
    {
        Message = refusal.Message;
        return this.Refuse(refusal);
    }

    /// <summary>Answers what was added ("2 × Heat pad").</summary>
    internal sealed record Add(Guid VariantId, int Quantity) : ICommand<Outcome<string>>;

    internal sealed class Handler(CartStore carts, ICatalogStock catalog, OrderingDbContext db, TimeProvider clock)
        : ICommandHandler<Add, Outcome<string>>
    {
        public async ValueTask<Outcome<string>> Handle(Add command, CancellationToken ct)
        {
            var variant = (await catalog.GetVariantsAsync([command.VariantId], ct)).GetValueOrDefault(command.VariantId);
            if (variant is null)
                return Refusal.NotFound("We could not find that product. It may have been removed from the shop.");
            if (!variant.CanBuy)
                return Refusal.Conflict($"{variant.DisplayName} cannot be bought at the moment.");

            for (var attempt = 1; ; attempt++)
            {
                var cart = await carts.GetOrCreateAsync(ct);
                var already = cart.Lines.Find(l => l.VariantId == command.VariantId)?.Quantity ?? 0;
                if (LineCap.RefuseAdding(variant, already, command.Quantity) is { } tooMany)
                    return Refusal.Conflict(tooMany);
                if (!cart.Add(command.VariantId, command.Quantity, variant.Price, clock.GetUtcNow()))
                    return Refusal.Conflict($"Your cart is full ({Domain.Cart.MaxLines} different items). Please check out or remove something first.");
                try
                {
                    await db.SaveAsOneBatchAsync(ct);
                    return $"{command.Quantity} × {variant.DisplayName}";
                }
                // Two first adds at once (a double click) both made a cart or a line; the second tries again on the first's.
                catch (DbUpdateException ex) when (attempt < 3 && ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
                {
                    db.ChangeTracker.Clear();
                }
            }
        }
    }
}
