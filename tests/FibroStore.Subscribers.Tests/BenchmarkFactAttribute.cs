namespace FibroStore.Subscribers.Tests;

/// <summary>A test that takes minutes and measures rather than checks: it runs only when FIBRO_BENCH=1 is set.</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("FIBRO_BENCH") != "1")
            Skip = "Benchmark: run with FIBRO_BENCH=1 (about a minute).";
    }
}
