namespace FibroStore.TestKit;

public static class UniqueWords
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyz";

    /// <summary>
    /// A made-up word of twelve random letters, so it reads as one word that no other test's text contains. Nothing is
    /// shared between two such words: search finds titles a typo away, and a common prefix made two words lookalikes.
    /// </summary>
    public static string Next() => new(Random.Shared.GetItems<char>(Letters, 12));
}
