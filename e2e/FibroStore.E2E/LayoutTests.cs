using Microsoft.Playwright;

namespace FibroStore.E2E;

/// <summary>
/// The main pages at the widths people use, from a small phone to a large monitor: nothing scrolls sideways, the home
/// page's product strip and the cart's lines keep every part inside its box and apart from the others, and no page
/// writes an error to the console (a refused inline style, a failed script).
/// </summary>
public sealed class LayoutTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    private static readonly int[] Widths = [320, 768, 1280, 1920];

    /// <summary>Long enough to widen any box that does not wrap: an imported excerpt with a full address in it did.</summary>
    private const string LongAddress =
        "https://www.example.org/wp-content/uploads/2019/04/fibromyalgia-sleep-hygiene-checklist-printable-version-final-v2.pdf?utm_source=newsletter";

    [Fact]
    public async Task Main_pages_fit_every_width_with_nothing_cut_off_or_overlapping()
    {
        await session.Store.SeedDemoContentAsync();
        var article = await session.Store.PublishArticleAsync("A checklist for calmer evenings",
            $"The printable list from the old site: {LongAddress}",
            $"""
            Keep it by the bed: {LongAddress}

            [[product:lavender-wheat-bag]]

            Supercalifragilisticexpialidociouslylongwordsnobodyshouldhavetoscrollsidewaystoread.
            """);
        var longName = await session.Store.AddSellableProductAsync("Extraordinarilycomfortableweightedkneeblanketwithlavender wrap", 31.50m, 20);

        var page = await session.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add($"{page.Url}: {message.Text}"); };
        page.PageError += (_, error) => consoleErrors.Add($"{page.Url}: {error}");

        foreach (var slug in new[] { "weighted-blanket", longName.Slug })
        {
            await page.GotoAsync($"/products/{slug}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
            await session.WaitForPageAsync(page, "**/cart**");
        }

        var problems = new List<string>();
        foreach (var path in new[] { "/", $"/articles/{article}", "/shop", $"/products/{longName.Slug}", "/cart" })
        {
            await page.SetViewportSizeAsync(Widths[0], 800);
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await session.ScanAsync(page);
            if (path == "/")
                Assert.True(await page.Locator(".product-strip > *").CountAsync() > 1, "the home page should show the shop strip");
            foreach (var width in Widths)
            {
                await page.SetViewportSizeAsync(width, 800);
                problems.AddRange((await page.EvaluateAsync<string[]>(LayoutProblemsScript)).Select(p => $"{path} at {width} px: {p}"));
            }
        }

        problems.AddRange(consoleErrors.Select(e => "console error: " + e));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>
    /// The public pages keep to the type scale of site.css: five sizes in two weights. Each other size or weight is one
    /// more system font for the browser to find before it can lay the page out (on Linux a synchronous round trip to
    /// its browser process each, measured as most of the first layout's time in Lighthouse's traces). The product's
    /// main picture, the largest thing on its page, is fetched first.
    /// </summary>
    [Fact]
    public async Task Main_pages_keep_to_the_type_scale_and_the_product_picture_comes_first()
    {
        await session.Store.SeedDemoContentAsync();
        var page = await session.NewPageAsync();
        await page.SetViewportSizeAsync(412, 823);
        // The article list, not the home page: the session's warm-up put a home page without articles in the cache.
        await page.GotoAsync("/articles");
        var article = await page.Locator(".article-card :is(h2, h3) a").First.GetAttributeAsync("href");
        await page.GotoAsync("/shop");
        var product = await page.Locator(".product-grid a[href^='/products/']").First.GetAttributeAsync("href");

        var problems = new List<string>();
        foreach (var path in new[] { "/", article!, "/shop", product! })
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            problems.AddRange((await page.EvaluateAsync<string[]>(OffScaleFontsScript)).Select(p => $"{path}: {p}"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal("high", await page.Locator("img.product-main-image").GetAttributeAsync("fetchpriority"));
    }

    /// <summary>Runs in the page: every element with text of its own whose size or weight is off the scale.</summary>
    private const string OffScaleFontsScript = """
        () => {
          const sizes = ['16px', '18px', '20px', '23.2px', '32px'], weights = ['400', '700'], found = new Set();
          for (const el of document.body.querySelectorAll('*')) {
            const ownText = [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
            if (!ownText && !el.matches('input, select, textarea, button')) continue;
            const style = getComputedStyle(el);
            if (style.display === 'none' || el.closest('code, pre')) continue;
            if (!sizes.includes(style.fontSize) || !weights.includes(style.fontWeight))
              found.add(`${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''}: ${style.fontSize} ${style.fontWeight}`);
          }
          return [...found];
        }
        """;

    /// <summary>
    /// Runs in the page. Reports sideways scrolling; in the home page's strip and the cart's lines, any part that leaves
    /// its card or row, lies outside the window, is hidden under something else at its middle, or overlaps a sibling part.
    /// </summary>
    private const string LayoutProblemsScript = """
        () => {
          const problems = [];
          const root = document.documentElement;
          if (root.scrollWidth > root.clientWidth) problems.push(`scrolls sideways by ${root.scrollWidth - root.clientWidth} px`);
          const box = el => {
            if (el.nodeType === Node.ELEMENT_NODE) return el.getBoundingClientRect();
            const range = document.createRange(); range.selectNodeContents(el); return range.getBoundingClientRect();
          };
          const name = el => (el.nodeType === Node.ELEMENT_NODE ? el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') : 'text')
            + ` "${(el.textContent || el.value || el.getAttribute?.('alt') || '').trim().slice(0, 30)}"`;
          const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
          const check = (container, parts, label) => {
            const outer = container.getBoundingClientRect();
            const boxes = parts.map(p => [p, box(p)]).filter(([, r]) => r.width > 0 && r.height > 0);
            for (const [part, r] of boxes) {
              if (r.left < outer.left - 1 || r.right > outer.right + 1 || r.top < outer.top - 1 || r.bottom > outer.bottom + 1)
                problems.push(`${label}: ${name(part)} sticks out of its box`);
              if (r.left < -1 || r.right > root.clientWidth + 1)
                problems.push(`${label}: ${name(part)} is outside the window`);
              if (part.nodeType === Node.ELEMENT_NODE) {
                window.scrollTo(0, Math.max(0, window.scrollY + part.getBoundingClientRect().top - 100));
                const now = part.getClientRects()[0]; // a link that wraps: its first line, not the gap between lines
                const hit = document.elementFromPoint(now.left + now.width / 2, now.top + now.height / 2);
                if (!hit || !part.contains(hit)) problems.push(`${label}: ${name(part)} is hidden or cut off`);
              }
            }
            for (let i = 0; i < boxes.length; i++)
              for (let j = i + 1; j < boxes.length; j++)
                if (!boxes[i][0].contains?.(boxes[j][0]) && !boxes[j][0].contains?.(boxes[i][0]) && overlap(box(boxes[i][0]), box(boxes[j][0])))
                  problems.push(`${label}: ${name(boxes[i][0])} overlaps ${name(boxes[j][0])}`);
          };
          const cards = [...document.querySelectorAll('.product-strip > *')];
          cards.forEach((card, i) => {
            check(card, [...card.querySelectorAll('img, p')], `strip card ${i + 1}`);
            cards.slice(i + 1).forEach(other => { if (overlap(card.getBoundingClientRect(), other.getBoundingClientRect())) problems.push(`strip card ${i + 1} overlaps another card`); });
          });
          document.querySelectorAll('.cart-table tbody tr').forEach((row, i) => {
            const cells = [...row.cells];
            const parts = [...row.querySelectorAll('img, .cart-item a, input:not([type=hidden]), button')];
            cells.filter(c => c.classList.contains('num')).forEach(c => parts.push(...[...c.childNodes].filter(n => n.textContent.trim())));
            check(row, parts, `cart line ${i + 1}`);
          });
          window.scrollTo(0, 0);
          return problems;
        }
        """;
}
