#!/usr/bin/env python3
"""Writes a large WordPress 6.x export (WXR 1.2) laid out the way WordPress's exporter writes one: the site, its
author and categories, then one item per post with its comments. Half the posts are block-editor posts, half classic
ones with a caption and an unknown shortcode; comments are threaded, and one in ten is held and one in ten spam.
The text is generated from a small word list written for this project.
Usage: export.py PATH POSTS COMMENTS_PER_POST"""
import datetime
import random
import sys

WORDS = ["rest", "pacing", "warmth", "sleep", "gentle", "stretch", "morning", "energy", "notebook", "tea", "walk",
         "breathe", "pain", "fog", "calm", "routine", "heat", "water", "friend", "doctor", "plan", "evening", "quiet",
         "light"]


def sentence(rng, words):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def write(path, posts, comments_per_post):
    rng = random.Random(17)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write('<?xml version="1.0" encoding="UTF-8" ?>\n'
                  '<!-- generator="WordPress/6.4.3" created="2026-11-20 09:12" -->\n'
                  '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
                  'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
                  'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
                  '\t<title>Large Calm Corner</title>\n\t<link>https://large.example</link>\n'
                  '\t<wp:wxr_version>1.2</wp:wxr_version>\n'
                  '\t<wp:base_site_url>https://large.example</wp:base_site_url>\n'
                  '\t<wp:base_blog_url>https://large.example</wp:base_blog_url>\n'
                  '\t<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[ruth]]></wp:author_login>'
                  '<wp:author_display_name><![CDATA[Ruth Ellison]]></wp:author_display_name></wp:author>\n')
        for c in range(20):
            out.write(f'\t<wp:category><wp:term_id>{100 + c}</wp:term_id><wp:category_nicename><![CDATA[topic-{c}]]>'
                      f'</wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent>'
                      f'<wp:cat_name><![CDATA[Topic {c}]]></wp:cat_name></wp:category>\n')
        comment_id = 100_000
        start = datetime.datetime(2019, 1, 1, 9, 0, 0)
        for p in range(1, posts + 1):
            post_id = 1000 + p
            date = start + datetime.timedelta(hours=p * 13)
            slug = f"gentle-notes-{p}"
            block = p % 2 == 0
            stamp = date.strftime("%Y-%m-%d %H:%M:%S")
            out.write(f'\t<item>\n\t\t<title><![CDATA[Gentle notes, part {p}]]></title>\n'
                      f'\t\t<link>https://large.example/{date:%Y}/{date:%m}/{slug}/</link>\n'
                      f'\t\t<pubDate>{date:%a, %d %b %Y %H:%M:%S} +0000</pubDate>\n'
                      f'\t\t<dc:creator><![CDATA[ruth]]></dc:creator>\n'
                      f'\t\t<guid isPermaLink="false">https://large.example/?p={post_id}</guid>\n'
                      f'\t\t<description></description>\n\t\t<content:encoded><![CDATA[')
            for para in range(30):
                text = sentence(rng, 80)
                if block:
                    out.write(f"<!-- wp:paragraph -->\n<p>{text}</p>\n<!-- /wp:paragraph -->\n\n")
                else:
                    out.write(f"{text}\n{sentence(rng, 10)}\n\n")
                if para == 10:
                    out.write("<!-- wp:list -->\n<ul><!-- wp:list-item -->\n<li>Warm the room.</li>\n"
                              "<!-- /wp:list-item --></ul>\n<!-- /wp:list -->\n\n" if block else
                              '[caption id="attachment_1" width="300"]<img src="https://large.example/wp-content/'
                              'uploads/2019/01/missing.jpg" alt="A cup" /> A cup of tea[/caption]\n\n'
                              "[su_note]Rest first.[/su_note]\n\n")
            out.write(f']]></content:encoded>\n\t\t<excerpt:encoded><![CDATA[]]></excerpt:encoded>\n'
                      f'\t\t<wp:post_id>{post_id}</wp:post_id>\n'
                      f'\t\t<wp:post_date><![CDATA[{stamp}]]></wp:post_date>\n'
                      f'\t\t<wp:post_date_gmt><![CDATA[{stamp}]]></wp:post_date_gmt>\n'
                      f'\t\t<wp:post_modified_gmt><![CDATA[{stamp}]]></wp:post_modified_gmt>\n'
                      f'\t\t<wp:comment_status><![CDATA[open]]></wp:comment_status>\n'
                      f'\t\t<wp:post_name><![CDATA[{slug}]]></wp:post_name>\n'
                      f'\t\t<wp:status><![CDATA[publish]]></wp:status>\n\t\t<wp:post_parent>0</wp:post_parent>\n'
                      f'\t\t<wp:post_type><![CDATA[post]]></wp:post_type>\n'
                      f'\t\t<wp:post_password><![CDATA[]]></wp:post_password>\n'
                      f'\t\t<category domain="category" nicename="topic-{p % 20}"><![CDATA[Topic {p % 20}]]></category>\n'
                      f'\t\t<category domain="post_tag" nicename="tag-{p % 50}"><![CDATA[Tag {p % 50}]]></category>\n')
            for c in range(comments_per_post):
                comment_id += 1
                approved = "0" if c % 10 == 9 else "spam" if c % 10 == 8 else "1"
                parent = comment_id - 1 if c > 0 and c % 3 == 0 else 0
                when = (date + datetime.timedelta(hours=c + 1)).strftime("%Y-%m-%d %H:%M:%S")
                out.write(f'\t\t<wp:comment>\n\t\t\t<wp:comment_id>{comment_id}</wp:comment_id>\n'
                          f'\t\t\t<wp:comment_author><![CDATA[Reader {comment_id}]]></wp:comment_author>\n'
                          f'\t\t\t<wp:comment_author_email><![CDATA[reader{comment_id}@readers.example]]></wp:comment_author_email>\n'
                          f'\t\t\t<wp:comment_author_url></wp:comment_author_url>\n'
                          f'\t\t\t<wp:comment_date_gmt><![CDATA[{when}]]></wp:comment_date_gmt>\n'
                          f'\t\t\t<wp:comment_content><![CDATA[{sentence(rng, 60)}]]></wp:comment_content>\n'
                          f'\t\t\t<wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>\n'
                          f'\t\t\t<wp:comment_type><![CDATA[comment]]></wp:comment_type>\n'
                          f'\t\t\t<wp:comment_parent>{parent}</wp:comment_parent>\n\t\t</wp:comment>\n')
            out.write("\t</item>\n")
        out.write("</channel>\n</rss>\n")


if __name__ == "__main__":
    write(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
