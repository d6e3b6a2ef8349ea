using System.Globalization;
using System.Xml;
using Npgsql;
using NpgsqlTypes;

/// <summary>
/// The baseline of bench/import/run.sh: a WordPress export read as the store reads it (streamed with XmlReader, one
/// item at a time) and its posts and comments written with plain Npgsql binary COPY in one transaction, into tables
/// of its own. No Markdown, no sanitising, no redirects or report: only the reading and the writing.
/// </summary>
internal static class Import
{
    private const string Wp = "http://wordpress.org/export/1.2/";
    private const string Content = "http://purl.org/rss/1.0/modules/content/";

    public static async Task<(int Posts, int Comments)> RunAsync(NpgsqlDataSource db, Stream export, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using (var create = new NpgsqlCommand("""
            CREATE TABLE IF NOT EXISTS baseline_import_posts (id bigint PRIMARY KEY, slug text, title text, body text, status text, published_at timestamp);
            CREATE TABLE IF NOT EXISTS baseline_import_comments (id bigint PRIMARY KEY, post_id bigint, parent_id bigint, author text, email text, body text, approved text, created_at timestamp);
            TRUNCATE baseline_import_posts, baseline_import_comments;
            """, connection))
            await create.ExecuteNonQueryAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Comments go to a second COPY after the posts': one connection carries one COPY at a time, so they wait in a
        // list of their own, as the store keeps an item's comments until the item is written.
        var comments = new List<object?[]>();
        var posts = 0;
        await using (var postWriter = await connection.BeginBinaryImportAsync(
            "COPY baseline_import_posts (id, slug, title, body, status, published_at) FROM STDIN (FORMAT BINARY)", ct))
        {
            using var reader = XmlReader.Create(export, new XmlReaderSettings { Async = true, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            while (await reader.ReadAsync())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "item" || reader.Depth != 2) continue;
                var item = await ReadItemAsync(reader.ReadSubtree(), comments);
                if (item.Type != "post") continue;
                await postWriter.StartRowAsync(ct);
                await postWriter.WriteAsync(item.Id, NpgsqlDbType.Bigint, ct);
                await postWriter.WriteAsync(item.Slug, NpgsqlDbType.Text, ct);
                await postWriter.WriteAsync(item.Title, NpgsqlDbType.Text, ct);
                await postWriter.WriteAsync(item.Body, NpgsqlDbType.Text, ct);
                await postWriter.WriteAsync(item.Status, NpgsqlDbType.Text, ct);
                await postWriter.WriteAsync(item.Date, NpgsqlDbType.Timestamp, ct);
                posts++;
            }
            await postWriter.CompleteAsync(ct);
        }
        await using (var commentWriter = await connection.BeginBinaryImportAsync(
            "COPY baseline_import_comments (id, post_id, parent_id, author, email, body, approved, created_at) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var row in comments) await commentWriter.WriteRowAsync(ct, row);
            await commentWriter.CompleteAsync(ct);
        }
        await tx.CommitAsync(ct);
        return (posts, comments.Count);
    }

    private sealed record Item(long Id, string Type, string Slug, string Title, string Body, string Status, DateTime Date);

    private static async Task<Item> ReadItemAsync(XmlReader item, List<object?[]> comments)
    {
        using var _ = item;
        long id = 0;
        string type = "", slug = "", title = "", body = "", status = "";
        var date = DateTime.MinValue;
        while (await item.ReadAsync())
        {
            if (item.NodeType != XmlNodeType.Element) continue;
            switch (item.NamespaceURI, item.LocalName)
            {
                case ("", "title"): title = await item.ReadElementContentAsStringAsync(); break;
                case (Content, "encoded"): body = await item.ReadElementContentAsStringAsync(); break;
                case (Wp, "post_id"): id = long.Parse(await item.ReadElementContentAsStringAsync(), CultureInfo.InvariantCulture); break;
                case (Wp, "post_name"): slug = await item.ReadElementContentAsStringAsync(); break;
                case (Wp, "status"): status = await item.ReadElementContentAsStringAsync(); break;
                case (Wp, "post_type"): type = await item.ReadElementContentAsStringAsync(); break;
                case (Wp, "post_date_gmt"): date = Date(await item.ReadElementContentAsStringAsync()); break;
                case (Wp, "comment"): comments.Add(await ReadCommentAsync(item.ReadSubtree(), id)); break;
            }
        }
        return new Item(id, type, slug, title, body, status, date);
    }

    private static async Task<object?[]> ReadCommentAsync(XmlReader comment, long postId)
    {
        using var _ = comment;
        var row = new object?[] { 0L, postId, 0L, "", "", "", "", DateTime.MinValue };
        while (await comment.ReadAsync())
        {
            if (comment.NodeType != XmlNodeType.Element || comment.NamespaceURI != Wp) continue;
            switch (comment.LocalName)
            {
                case "comment_id": row[0] = long.Parse(await comment.ReadElementContentAsStringAsync(), CultureInfo.InvariantCulture); break;
                case "comment_parent": row[2] = long.Parse(await comment.ReadElementContentAsStringAsync(), CultureInfo.InvariantCulture); break;
                case "comment_author": row[3] = await comment.ReadElementContentAsStringAsync(); break;
                case "comment_author_email": row[4] = await comment.ReadElementContentAsStringAsync(); break;
                case "comment_content": row[5] = await comment.ReadElementContentAsStringAsync(); break;
                case "comment_approved": row[6] = await comment.ReadElementContentAsStringAsync(); break;
                case "comment_date_gmt": row[7] = Date(await comment.ReadElementContentAsStringAsync()); break;
            }
        }
        return row;
    }

    private static DateTime Date(string text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : DateTime.MinValue;
}
