using FibroStore.SharedKernel.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FibroStore.BackOffice.Pages.Staff;

public sealed class StaffHome(IEnumerable<StaffNavItem> navigation, IAuthorizationService authorization) : PageModel
{
    public IReadOnlyList<StaffNavItem> Areas { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var visible = new List<StaffNavItem>();
        foreach (var item in navigation.OrderBy(i => i.Order))
            if ((await authorization.AuthorizeAsync(User, item.Policy)).Succeeded && item.Path != "/staff")
                visible.Add(item);
        Areas = visible;
    }
}
