namespace PmOpsBot.LoadTests;

public static class Percentiles
{
    /// <summary>The smallest value with at least p% of the values at or below it.</summary>
    public static double NearestRank(double[] sorted, double p) => sorted[Math.Max(1, (int)Math.Ceiling(p / 100 * sorted.Length)) - 1];
}
