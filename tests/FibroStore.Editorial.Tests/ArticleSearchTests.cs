using FibroStore.Editorial.Pages.Staff.Articles;
using FibroStore.SharedKernel.Search;
using FibroStore.TestKit;

namespace FibroStore.Editorial.Tests;

/// <summary>
/// The article search ranks a short list in full rather than every match: what it keeps and the snippet it makes must
/// still be what a reader expects.
/// </summary>
public sealed class ArticleSearchTests(EditorialStore store) : IClassFixture<EditorialStore>
{
    private Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int max) =>
        store.InScopeAsync(sp => sp.GetServices<ISiteSearchSource>().Single(s => s.Kind == "Article").SearchAsync(query, max, default));

    [Fact]
    public async Task An_older_title_match_still_comes_first_when_newer_body_only_matches_outnumber_the_short_list()
    {
        var word = UniqueWords.Next();
        var (_, titled) = await store.PublishAsync($"Living with {word}", "A short note on calmer days.");
        // Three results asked for: the short list holds six, and seven newer articles mention the word in their body.
        for (var i = 0; i < 7; i++)
            await store.PublishAsync($"Week {i} of the pacing diary {word[^4..]}", $"On Tuesday a friend mentioned {word} in passing.");

        var hits = await SearchAsync(word, 3);

        Assert.Equal(3, hits.Count);
        Assert.Equal($"/articles/{titled}", hits[0].Url);
    }

    [Fact]
    public async Task A_body_only_match_is_found_with_the_word_marked_in_its_snippet()
    {
        var word = UniqueWords.Next();
        var (_, slug) = await store.PublishAsync($"Evening routines {word[^4..]}",
            $"On tired evenings a warm {word} drink helps some readers settle before bed.\n\nThe rest of the routine is gentle stretching.");

        var hit = Assert.Single(await SearchAsync(word, 20));

        Assert.Equal($"/articles/{slug}", hit.Url);
        Assert.Contains($"<mark>{word}</mark>", hit.SnippetHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_article_without_an_excerpt_gets_its_snippet_from_the_opening_of_its_body()
    {
        var word = UniqueWords.Next();
        var form = EditorialStore.Form($"Sleeping with {word}", "Short nights are common. A fixed wake-up time helps the body find a rhythm.");
        form.Excerpt = "";
        Assert.True((await store.SaveAsync(form, EditArticle.SaveIntent.Publish)).IsDone);

        var hit = Assert.Single(await SearchAsync(word, 20));

        Assert.Contains("Short nights are common.", hit.SnippetHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_typo_in_a_title_word_still_finds_the_article()
    {
        var suffix = UniqueWords.Next();
        var (_, slug) = await store.PublishAsync($"Magnesium and restless legs {suffix}", "Some readers find it helps at night.");

        var hits = await SearchAsync("magnezium", 20);

        Assert.Contains(hits, h => h.Url == $"/articles/{slug}");
    }
}
