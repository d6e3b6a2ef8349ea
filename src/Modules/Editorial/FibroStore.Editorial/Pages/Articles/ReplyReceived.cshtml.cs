namespace FibroStore.Editorial.Pages.Articles;

[AllowAnonymous]
public sealed class ReplyReceived : PageModel
{
    public string Slug { get; private set; } = "";

    public void OnGet(string slug) => Slug = slug;
}
