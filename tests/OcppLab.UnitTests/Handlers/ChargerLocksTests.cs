using OcppLab.Application.Abstractions;

namespace OcppLab.UnitTests.Handlers;

/// <summary>
/// Issue 11 item 3: one per-charger lock, shared by the control commands and the runtime, that
/// leaves nothing behind once nobody holds or waits for it (before: two maps, never pruned).
/// </summary>
public sealed class ChargerLocksTests
{
    [Test]
    public async Task A_second_holder_of_the_same_charger_waits_until_the_first_releases()
    {
        var locks = new ChargerLocks();
        var first = await locks.AcquireAsync("CP-1", CancellationToken.None);

        var second = locks.AcquireAsync("CP-1", CancellationToken.None).AsTask();
        Assert.That(second.IsCompleted, Is.False, "held by the first");

        first.Dispose();
        using var lease = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(lease.ChargerId, Is.EqualTo("CP-1"));
    }

    [Test]
    public async Task Different_chargers_do_not_wait_for_each_other()
    {
        var locks = new ChargerLocks();
        using var one = await locks.AcquireAsync("CP-1", CancellationToken.None);

        var other = locks.AcquireAsync("CP-2", CancellationToken.None).AsTask();

        Assert.That(other.IsCompletedSuccessfully, Is.True);
        other.Result.Dispose();
    }

    [Test]
    public async Task Released_locks_leave_no_entry_behind()
    {
        var locks = new ChargerLocks();
        for (var i = 0; i < 1_000; i++)
        {
            using var lease = await locks.AcquireAsync($"CP-{i}", CancellationToken.None);
            Assert.That(locks.Count, Is.EqualTo(1));
        }

        Assert.That(locks.Count, Is.Zero);
    }

    [Test]
    public async Task A_cancelled_waiter_takes_nothing_and_leaves_no_entry()
    {
        var locks = new ChargerLocks();
        var held = await locks.AcquireAsync("CP-1", CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = locks.AcquireAsync("CP-1", cancel.Token).AsTask();
        await cancel.CancelAsync();

        Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());
        held.Dispose();
        Assert.That(locks.Count, Is.Zero);
        using var again = await locks.AcquireAsync("CP-1", CancellationToken.None);
        Assert.That(locks.Count, Is.EqualTo(1), "the lock is free again");
    }

    [Test]
    public async Task A_lease_holds_its_own_charger_of_its_own_locks_until_released_once()
    {
        var locks = new ChargerLocks();
        var lease = await locks.AcquireAsync("CP-1", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(lease.Holds(locks, "CP-1"), Is.True);
            Assert.That(lease.Holds(locks, "CP-2"), Is.False);
            Assert.That(lease.Holds(new ChargerLocks(), "CP-1"), Is.False);
        });

        var next = locks.AcquireAsync("CP-1", CancellationToken.None).AsTask();
        lease.Dispose();
        lease.Dispose();
        using var second = await next.WaitAsync(TimeSpan.FromSeconds(10));
        var third = locks.AcquireAsync("CP-1", CancellationToken.None).AsTask();

        Assert.Multiple(() =>
        {
            Assert.That(lease.Holds(locks, "CP-1"), Is.False, "released");
            Assert.That(third.IsCompleted, Is.False, "a second Dispose did not release the lock twice");
        });
        second.Dispose();
        (await third.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }
}
