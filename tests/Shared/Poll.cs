namespace OcppLab.Tests.Shared;

/// <summary>Polls with a deadline and a growing delay (no fixed sleeps). Linked into the client test projects.</summary>
internal static class Poll
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Probes until <paramref name="done"/> holds and returns that value; fails the test after 30 s with the last value.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var until = DateTime.UtcNow + Deadline;
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"{what}: not within {Deadline.TotalSeconds} s; last value: {value}");
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
        }
    }
}
