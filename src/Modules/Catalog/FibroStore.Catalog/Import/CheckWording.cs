namespace FibroStore.Catalog.Import;

/// <summary>How a file check sums up its problems, for both the catalog CSV and WooCommerce's export.</summary>
internal static class CheckWording
{
    /// <summary>"1 problem in 1 of 9 rows." or, when not even the column names could be read, "1 problem with the file."</summary>
    public static string Problems(int problems, int rowsWithProblems, int rows) => rows == 0
        ? $"{Count(problems, "problem", "problems")} with the file."
        : $"{Count(problems, "problem", "problems")} in {rowsWithProblems} of {Count(rows, "row", "rows")}.";

    private static string Count(int n, string one, string many) =>
        $"{n.ToString(System.Globalization.CultureInfo.CurrentCulture)} {(n == 1 ? one : many)}";
}
