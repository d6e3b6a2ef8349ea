using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using FibroStore.TestKit;
using SkiaSharp;

namespace FibroStore.Editorial.Tests;

public sealed partial class ImageUploadTests(EditorialStore store) : IClassFixture<EditorialStore>
{
    [Fact]
    public async Task Bad_uploads_are_refused_with_400_and_a_clear_message_and_nothing_is_stored()
    {
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        using var _ = editor;
        var before = await StoredEditorialFilesAsync();

        var noAlt = await UploadAsync(editor, Png(), alt: "");
        var notAnImage = await UploadAsync(editor, "<html>not a picture</html>"u8.ToArray(), alt: "A heat pad");
        var tooLarge = await UploadAsync(editor, new byte[11 * 1024 * 1024], alt: "A heat pad");
        var noFile = await UploadAsync(editor, null, alt: "A heat pad");

        await AssertRefusedAsync(noAlt, "Describe the picture for people who cannot see it (alt text).");
        await AssertRefusedAsync(notAnImage, "That file is not an image we can read.");
        await AssertRefusedAsync(tooLarge, "That picture is larger than 10 MB.");
        await AssertRefusedAsync(noFile, "Choose a picture to upload.");
        Assert.Equal(before, await StoredEditorialFilesAsync());
    }

    [Fact]
    public async Task An_uploaded_picture_is_stored_added_to_the_unsaved_text_and_shown_with_its_alt_text_once_published()
    {
        var (editor, _) = await store.SignInNewUserAsync(StaffRoles.Editor);
        using var _ = editor;

        var response = await UploadAsync(editor, Png(), alt: "A [warm] heat pad on a sofa", markdown: "## Keeping warm\n\nUnsaved words.");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = Html.Decode(await response.Content.ReadAsStringAsync());
        var snippet = MarkdownImage().Match(html);
        Assert.True(snippet.Success, "No Markdown image in the page after the upload.");
        Assert.Equal(@"A \[warm\] heat pad on a sofa", snippet.Groups["alt"].Value);
        // The editor's unsaved work comes back with the picture's line at the end.
        Assert.Contains($"Unsaved words.\n\n{snippet.Value}", html.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("value=\"Pictured article\"", html, StringComparison.Ordinal);

        var url = snippet.Groups["url"].Value;
        using var reader = store.CreateBrowserClient();
        var media = await reader.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, media.StatusCode);
        Assert.Equal("image/jpeg", media.Content.Headers.ContentType?.MediaType);

        var form = EditorialStore.Form("Pictured article", $"Unsaved words.\n\n{snippet.Value}\n");
        var saved = await store.SaveAsync(form, Pages.Staff.Articles.EditArticle.SaveIntent.Publish);
        Assert.True(saved.IsDone, saved.Refusal?.Message);
        var article = await reader.GetPageAsync("/articles/pictured-article");
        Assert.Matches($"<img src=\"{Regex.Escape(url)}\" alt=\"A \\[warm\\] heat pad on a sofa\"", article);
    }

    /// <summary>Posts the whole editor form with the upload button, as the browser does.</summary>
    private async Task<HttpResponseMessage> UploadAsync(BrowserClient editor, byte[]? picture, string alt, string markdown = "Some text.")
    {
        var page = await editor.GetPageAsync("/staff/articles/edit");
        var token = WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("Pictured article"), "Input.Title" },
            { new StringContent("An excerpt."), "Input.Excerpt" },
            { new StringContent(markdown), "Input.Markdown" },
            { new StringContent((await store.GeneralCategoryAsync()).ToString()), "Input.CategoryId" },
            { new StringContent("Ruth"), "Input.AuthorName" },
            { new StringContent(alt), "Upload.Alt" },
        };
        if (picture is not null)
        {
            var file = new ByteArrayContent(picture);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, "Upload.Image", "picture.png");
        }
        return await editor.Http.PostAsync("/staff/articles/edit?handler=UploadImage", form);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string message)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, Html.Decode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    private Task<int> StoredEditorialFilesAsync() =>
        store.InScopeAsync(sp => sp.GetRequiredService<EditorialDbContext>().Database
            .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM files.stored_files WHERE path LIKE 'editorial/%'").SingleAsync());

    private static byte[] Png()
    {
        using var bitmap = new SKBitmap(96, 64);
        bitmap.Erase(SKColors.Coral);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    [GeneratedRegex(@"!\[(?<alt>(?:\\.|[^\]])*)\]\((?<url>/media/editorial/images/[0-9a-f]+-\d+\.jpg)\)")]
    private static partial Regex MarkdownImage();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
