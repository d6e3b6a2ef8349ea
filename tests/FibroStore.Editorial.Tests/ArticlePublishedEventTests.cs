using Npgsql;

namespace FibroStore.Editorial.Tests;

public sealed class ArticlePublishedEventTests(EditorialStore store) : IClassFixture<EditorialStore>
{
    [Fact]
    public async Task The_published_event_carries_the_sanitized_body_without_product_markers()
    {
        var (id, _) = await store.PublishAsync($"Full text {Guid.NewGuid():N}",
            "## Warmth first\n\nA warm bath.\n\n[[product:heat-pad]]\n\n<script>alert(1)</script>");

        await using var connection = new NpgsqlConnection(store.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT payload->>'bodyHtml' FROM editorial.outbox_messages WHERE type LIKE '%ArticlePublished%' AND payload->>'articleId' = @id", connection);
        command.Parameters.AddWithValue("id", id.ToString());
        var bodyHtml = (string?)await command.ExecuteScalarAsync();

        Assert.NotNull(bodyHtml);
        Assert.Contains("Warmth first</h2>", bodyHtml, StringComparison.Ordinal);
        Assert.Contains("<p>A warm bath.</p>", bodyHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("product:heat-pad", bodyHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", bodyHtml, StringComparison.Ordinal);
    }
}
