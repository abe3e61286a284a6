namespace OcppLab.UnitTests.Cluster;

/// <summary>Polls a condition until it holds or a deadline passes; never a fixed sleep.</summary>
internal static class Eventually
{
    public static Task ThatAsync(Func<bool> condition, TimeSpan timeout) => ThatAsync(() => Task.FromResult(condition()), timeout);

    public static async Task ThatAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var delay = TimeSpan.FromMilliseconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Condition not met within {timeout.TotalSeconds:0.#} s");
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
        }
    }
}
