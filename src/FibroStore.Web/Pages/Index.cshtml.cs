using FibroStore.SharedKernel.Clustering;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace FibroStore.Web.Pages;

[AllowAnonymous]
[OutputCache(Tags = [PageCacheTags.All])]
public sealed class HomeModel : PageModel
{
    public void OnGet()
    {
    }
}
