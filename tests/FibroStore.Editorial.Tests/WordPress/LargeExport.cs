using System.Globalization;
using System.Text;

namespace FibroStore.Editorial.Tests.WordPress;

/// <summary>
/// Writes a large WordPress 6.x export the way WordPress lays one out (authors, terms, then items with their
/// comments), with a mix of classic and block-editor posts, shortcodes and threaded comments. Used to measure the
/// import's memory; the text is generated, so nothing in it was copied from anywhere.
/// </summary>
internal static class LargeExport
{
    private static readonly string[] Words =
    [
        "rest", "pacing", "warmth", "sleep", "gentle", "stretch", "morning", "energy", "notebook", "tea", "walk", "breathe",
        "pain", "fog", "calm", "routine", "heat", "water", "friend", "doctor", "plan", "evening", "quiet", "light",
    ];

    public static void Write(string path, int posts, int commentsPerPost)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("""
            <?xml version="1.0" encoding="UTF-8" ?>
            <!-- generator="WordPress/6.4.3" created="2026-11-20 09:12" -->
            <rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
            	xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
            <channel>
            	<title>Large Calm Corner</title>
            	<link>https://large.example</link>
            	<wp:wxr_version>1.2</wp:wxr_version>
            	<wp:base_site_url>https://large.example</wp:base_site_url>
            	<wp:base_blog_url>https://large.example</wp:base_blog_url>
            	<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[ruth]]></wp:author_login><wp:author_display_name><![CDATA[Ruth Ellison]]></wp:author_display_name></wp:author>

            """);
        for (var c = 0; c < 20; c++)
            writer.Write($"\t<wp:category><wp:term_id>{100 + c}</wp:term_id><wp:category_nicename><![CDATA[topic-{c}]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[Topic {c}]]></wp:cat_name></wp:category>\n");
        var random = new Random(17);
        var commentId = 100_000;
        for (var p = 1; p <= posts; p++)
        {
            var id = 1000 + p;
            var date = new DateTime(2019, 1, 1, 9, 0, 0, DateTimeKind.Utc).AddHours(p * 13);
            var slug = $"gentle-notes-{p}";
            var block = p % 2 == 0;
            writer.Write($"""
                	<item>
                		<title><![CDATA[Gentle notes, part {p}]]></title>
                		<link>https://large.example/{date:yyyy}/{date:MM}/{slug}/</link>
                		<pubDate>{date.ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture)} +0000</pubDate>
                		<dc:creator><![CDATA[ruth]]></dc:creator>
                		<guid isPermaLink="false">https://large.example/?p={id}</guid>
                		<description></description>
                		<content:encoded><![CDATA[
                """);
            for (var para = 0; para < 30; para++)
            {
                var text = Sentence(random, 80);
                if (block) writer.Write($"<!-- wp:paragraph -->\n<p>{text}</p>\n<!-- /wp:paragraph -->\n\n");
                else writer.Write($"{text}\n{Sentence(random, 10)}\n\n");
                if (para == 10) writer.Write(block
                    ? "<!-- wp:list -->\n<ul><!-- wp:list-item -->\n<li>Warm the room.</li>\n<!-- /wp:list-item --></ul>\n<!-- /wp:list -->\n\n"
                    : "[caption id=\"attachment_1\" width=\"300\"]<img src=\"https://large.example/wp-content/uploads/2019/01/missing.jpg\" alt=\"A cup\" /> A cup of tea[/caption]\n\n[su_note]Rest first.[/su_note]\n\n");
            }
            writer.Write($"""
                ]]></content:encoded>
                		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
                		<wp:post_id>{id}</wp:post_id>
                		<wp:post_date><![CDATA[{date:yyyy-MM-dd HH:mm:ss}]]></wp:post_date>
                		<wp:post_date_gmt><![CDATA[{date:yyyy-MM-dd HH:mm:ss}]]></wp:post_date_gmt>
                		<wp:post_modified_gmt><![CDATA[{date:yyyy-MM-dd HH:mm:ss}]]></wp:post_modified_gmt>
                		<wp:comment_status><![CDATA[open]]></wp:comment_status>
                		<wp:post_name><![CDATA[{slug}]]></wp:post_name>
                		<wp:status><![CDATA[publish]]></wp:status>
                		<wp:post_parent>0</wp:post_parent>
                		<wp:post_type><![CDATA[post]]></wp:post_type>
                		<wp:post_password><![CDATA[]]></wp:post_password>
                		<category domain="category" nicename="topic-{p % 20}"><![CDATA[Topic {p % 20}]]></category>
                		<category domain="post_tag" nicename="tag-{p % 50}"><![CDATA[Tag {p % 50}]]></category>

                """);
            for (var c = 0; c < commentsPerPost; c++)
            {
                commentId++;
                var approved = c % 10 == 9 ? "0" : c % 10 == 8 ? "spam" : "1";
                writer.Write($"""
                    		<wp:comment>
                    			<wp:comment_id>{commentId}</wp:comment_id>
                    			<wp:comment_author><![CDATA[Reader {commentId}]]></wp:comment_author>
                    			<wp:comment_author_email><![CDATA[reader{commentId}@readers.example]]></wp:comment_author_email>
                    			<wp:comment_author_url></wp:comment_author_url>
                    			<wp:comment_date_gmt><![CDATA[{date.AddHours(c + 1):yyyy-MM-dd HH:mm:ss}]]></wp:comment_date_gmt>
                    			<wp:comment_content><![CDATA[{Sentence(random, 60)}]]></wp:comment_content>
                    			<wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>
                    			<wp:comment_type><![CDATA[comment]]></wp:comment_type>
                    			<wp:comment_parent>{(c > 0 && c % 3 == 0 ? commentId - 1 : 0)}</wp:comment_parent>
                    		</wp:comment>

                    """);
            }
            writer.Write("\t</item>\n");
        }
        writer.Write("</channel>\n</rss>\n");
    }

    private static string Sentence(Random random, int words)
    {
        var text = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            if (i > 0) text.Append(' ');
            text.Append(Words[random.Next(Words.Length)]);
        }
        text[0] = char.ToUpperInvariant(text[0]);
        return text.Append('.').ToString();
    }
}
