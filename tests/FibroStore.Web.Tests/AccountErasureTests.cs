using System.Text.Json;
using FibroStore.StripeEmulator;

namespace FibroStore.Web.Tests;

/// <summary>
/// A person who deletes their account leaves their address nowhere in the database: not in any module's tables,
/// outboxes, stored payment notices or throttle counts.
/// </summary>
public sealed class ErasureStore : StoreFactory
{
    // The reply form's "too quick to be a person" check would otherwise make the test wait.
    public ErasureStore() => With("Editorial:Replies:MinimumSeconds", "0");
}

public sealed class AccountErasureTests(ErasureStore store) : IClassFixture<ErasureStore>
{
    [Fact]
    public async Task After_deletion_no_column_of_any_table_holds_the_address()
    {
        var email = $"Erin.Leaving-{Guid.NewGuid():N}@Example.org";
        var userId = await store.CreateUserAsync(email);
        var slug = await store.PublishArticleAsync("Pacing through winter", "A short piece.", "Rest before you need to.");
        var pad = await store.AddSellableProductAsync("Erasure heat pad", 18m, 10);
        using var member = await store.SignedInClientAsync(email);

        // A paid order, with a name and a delivery address from the payment page.
        await StoreFactory.AddToCartAsync(member, pad.VariantId);
        var paid = await StoreFactory.StartCheckoutAsync(member, email);
        await store.Stripe.PayAsync(paid, email: email, name: "Erin Leaving", address: new TestAddress("3 Quiet Row", "Leeds", "LS1 4AP"));
        await store.WaitUntilAsync(async () => await store.CountOrdersForSessionAsync(paid) == 1, "the paid order");
        // A checkout left open, and a cart with something in it.
        await StoreFactory.AddToCartAsync(member, pad.VariantId);
        await StoreFactory.StartCheckoutAsync(member, email);
        await StoreFactory.AddToCartAsync(member, pad.VariantId, 2);

        // A reply, the newsletter, and throttle counts under the address (a password link asked for).
        var reply = await PostReplyAsync(member, slug, email);
        Assert.True(reply.StatusCode == HttpStatusCode.Redirect, await reply.Content.ReadAsStringAsync());
        var subscribed = await member.PostFormAsync("/Identity/Account/Manage/Newsletter", new Dictionary<string, string>(),
            action: "/Identity/Account/Manage/Newsletter?handler=Subscribe");
        Assert.Equal(HttpStatusCode.Redirect, subscribed.StatusCode);
        using (var visitor = store.CreateBrowserClient())
            Assert.Equal(HttpStatusCode.Redirect, (await visitor.PostFormAsync("/Identity/Account/ForgotPassword",
                new Dictionary<string, string> { ["Input.Email"] = email })).StatusCode);
        await store.DrainOutboxAsync();
        Assert.NotEmpty(await PlacesHoldingAsync(email));
        Assert.True((long)(await store.SqlAsync("SELECT count(*) FROM siteservices.throttle_counts"))! > 0);

        var deleted = await member.PostFormAsync("/Identity/Account/Manage/DeletePersonalData",
            new Dictionary<string, string> { ["Input.Password"] = StoreFactory.DefaultPassword });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        await store.DrainOutboxAsync();

        var places = (await PlacesHoldingAsync(email)).Concat(await PlacesHoldingAsync(email.ToLowerInvariant())).Distinct().ToList();
        Assert.True(places.Count == 0, $"The deleted address is still in {string.Join(", ", places)}");
        // Nor the name and delivery address the payment page took, which some payment events carry without the email.
        foreach (var trace in new[] { "Erin Leaving", "3 Quiet Row" })
        {
            var holding = await PlacesHoldingAsync(trace);
            Assert.True(holding.Count == 0, $"\"{trace}\" is still in {string.Join(", ", holding)}");
        }
        // What accounting needs stays: the order, its number, lines and amounts.
        Assert.Equal(1, await store.CountOrdersForSessionAsync(paid));
        Assert.Equal(18m, (decimal)(await store.SqlAsync(
            "SELECT o.total - o.shipping FROM ordering.orders o JOIN ordering.checkouts c ON c.id = o.checkout_id WHERE c.session_id = @s", ("s", paid)))!);
        Assert.Equal(0L, (long)(await store.SqlAsync("SELECT count(*) FROM ordering.orders WHERE customer_id = @u", ("u", userId)))!);
    }

    /// <summary>Posts the reply form the way the page's scripts do: a token from /session/state and a stamp.</summary>
    private static async Task<HttpResponseMessage> PostReplyAsync(BrowserClient client, string slug, string email)
    {
        var state = JsonDocument.Parse(await client.GetPageAsync("/session/state")).RootElement.GetProperty("antiforgery");
        var stamp = JsonDocument.Parse(await client.GetPageAsync("/articles/reply-stamp")).RootElement.GetProperty("stamp").GetString()!;
        return await client.Http.PostAsync($"/articles/{slug}?handler=Reply", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [state.GetProperty("field").GetString()!] = state.GetProperty("token").GetString()!,
            ["Input.Stamp"] = stamp, ["Input.Name"] = "Erin", ["Input.Email"] = email, ["Input.Comment"] = "This helped me rest.",
        }));
    }

    /// <summary>"schema.table.column" for every text, json and binary column of every table that holds the address (text in any letter case).</summary>
    private async Task<List<string>> PlacesHoldingAsync(string address)
    {
        await using var connection = new NpgsqlConnection(store.Database.ConnectionString);
        await connection.OpenAsync();
        var columns = new List<(string Schema, string Table, string Column, string Type)>();
        await using (var list = new NpgsqlCommand("""
            SELECT c.table_schema, c.table_name, c.column_name, c.data_type
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
            WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')
              AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY', 'USER-DEFINED')
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }
        Assert.Contains(columns, c => c is { Schema: "payments", Table: "webhook_events", Column: "payload" });

        var found = new List<string>();
        foreach (var (schema, table, column, type) in columns)
        {
            var match = type == "bytea"
                ? $"position(convert_to(@address, 'UTF8') in \"{column}\") > 0"
                : $"strpos(lower(\"{column}\"::text), lower(@address)) > 0";
            await using var search = new NpgsqlCommand($"SELECT count(*) FROM \"{schema}\".\"{table}\" WHERE {match}", connection);
            search.Parameters.AddWithValue("address", address);
            if ((long)(await search.ExecuteScalarAsync())! > 0)
                found.Add($"{schema}.{table}.{column}");
        }
        return found;
    }
}
