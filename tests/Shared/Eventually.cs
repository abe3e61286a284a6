namespace OcppLab.Tests.Shared;

/// <summary>
/// Polls a condition until it holds or a deadline passes, with a growing delay; never a fixed sleep.
/// One source file linked into every test project that needs it (test projects do not reference
/// each other).
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Probes until <paramref name="done"/> holds and returns that value; fails the test at the deadline with the last value.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? because = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var last = await probe();
            if (done(last))
            {
                return last;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Condition not met within {limit.TotalSeconds:0.#} s{(because is null ? string.Empty : ": " + because)}. Last value: {Describe(last)}");
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
        }
    }

    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? because = null) =>
        UntilAsync(condition, ok => ok, timeout, because);

    private static string Describe<T>(T value) =>
        value is System.Collections.IEnumerable items and not string
            ? "[" + string.Join(", ", items.Cast<object?>()) + "]"
            : value?.ToString() ?? "null";
}
