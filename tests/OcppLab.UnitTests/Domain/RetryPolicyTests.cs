using OcppLab.Domain.Provisioning;

namespace OcppLab.UnitTests.Domain;

public sealed class RetryPolicyTests
{
    private static readonly RetryPolicy Policy = new(10, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));

    [TestCase(0, 100)]
    [TestCase(1, 100)]
    [TestCase(2, 200)]
    [TestCase(3, 400)]
    [TestCase(4, 800)]
    [TestCase(5, 1000)]
    [TestCase(50, 1000)]
    [TestCase(int.MaxValue, 1000)]
    public void The_delay_doubles_per_attempt_up_to_the_cap(int attempts, int milliseconds)
    {
        Assert.That(Policy.DelayAfter(attempts), Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Test]
    public void The_default_policy_is_five_attempts_from_one_second_to_thirty()
    {
        Assert.That(RetryPolicy.Default, Is.EqualTo(new RetryPolicy(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30))));
    }
}
