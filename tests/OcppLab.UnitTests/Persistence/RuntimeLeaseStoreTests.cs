using Microsoft.EntityFrameworkCore;
using OcppLab.Infrastructure.Ownership;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.UnitTests.Persistence;

/// <summary>The runtime lease on a real (migrated) SQLite file: who may take, renew and release it.</summary>
public sealed class RuntimeLeaseStoreTests
{
    private const string Lease = RuntimeLease.ChargerRuntime;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private string _path = null!;

    [SetUp]
    public async Task CreateDatabase()
    {
        _path = Path.Combine(Path.GetTempPath(), $"ocpplab-lease-{Guid.NewGuid():N}.db");
        await using var db = Open();
        await db.Database.MigrateAsync();
    }

    [TearDown]
    public void DeleteDatabase()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task A_free_lease_is_taken_and_then_held_against_everyone_else_until_it_expires()
    {
        var first = await AcquireAsync("a", T0);
        var second = await AcquireAsync("b", T0 + Duration - TimeSpan.FromMilliseconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(new LeaseSnapshot(true, "a", T0 + Duration)));
            Assert.That(second, Is.EqualTo(new LeaseSnapshot(false, "a", T0 + Duration)), "the holder and its expiry are reported");
        });
    }

    [Test]
    public async Task The_owner_renews_and_re_acquires_its_own_lease_and_keeps_its_acquisition_time()
    {
        await AcquireAsync("a", T0);
        var renewed = await WithStoreAsync(s => s.RenewAsync(Lease, "a", T0 + TimeSpan.FromSeconds(10), Duration, default));
        var again = await AcquireAsync("a", T0 + TimeSpan.FromSeconds(20));
        var row = await ReadRowAsync();

        Assert.Multiple(() =>
        {
            Assert.That(renewed, Is.True);
            Assert.That(again, Is.EqualTo(new LeaseSnapshot(true, "a", T0 + TimeSpan.FromSeconds(35))));
            Assert.That(row.AcquiredAt, Is.EqualTo(T0), "extending is not acquiring anew");
        });
    }

    [Test]
    public async Task An_expired_lease_is_taken_over_and_the_old_owner_can_no_longer_renew_it()
    {
        await AcquireAsync("a", T0);
        var later = T0 + Duration + TimeSpan.FromMilliseconds(1);
        var stolen = await AcquireAsync("b", later);
        var renewedByOld = await WithStoreAsync(s => s.RenewAsync(Lease, "a", later, Duration, default));
        var row = await ReadRowAsync();

        Assert.Multiple(() =>
        {
            Assert.That(stolen, Is.EqualTo(new LeaseSnapshot(true, "b", later + Duration)));
            Assert.That(renewedByOld, Is.False, "the old owner learns it lost the lease");
            Assert.That(row.OwnerId, Is.EqualTo("b"));
            Assert.That(row.AcquiredAt, Is.EqualTo(later));
        });
    }

    [Test]
    public async Task Nobody_renews_a_lease_it_does_not_hold_nor_one_that_does_not_exist()
    {
        var missing = await WithStoreAsync(s => s.RenewAsync(Lease, "a", T0, Duration, default));
        await AcquireAsync("a", T0);
        var other = await WithStoreAsync(s => s.RenewAsync(Lease, "b", T0, Duration, default));

        Assert.Multiple(() =>
        {
            Assert.That(missing, Is.False);
            Assert.That(other, Is.False);
        });
    }

    [Test]
    public async Task A_released_lease_can_be_taken_at_once_and_only_its_owner_can_release_it()
    {
        await AcquireAsync("a", T0);
        var releasedByOther = await WithStoreAsync(s => s.ReleaseAsync(Lease, "b", default));
        var blocked = await AcquireAsync("b", T0 + TimeSpan.FromSeconds(1));
        var released = await WithStoreAsync(s => s.ReleaseAsync(Lease, "a", default));
        var taken = await AcquireAsync("b", T0 + TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(releasedByOther, Is.False);
            Assert.That(blocked.Held, Is.False);
            Assert.That(released, Is.True);
            Assert.That(taken.Held, Is.True, "no waiting for the expiry after a release");
        });
    }

    [Test]
    public async Task Of_many_nodes_racing_for_a_free_or_an_expired_lease_exactly_one_wins()
    {
        for (var round = 0; round < 2; round++)
        {
            // Round 0: no row yet (the INSERT races); round 1: an expired row (the UPDATE races).
            var now = T0 + TimeSpan.FromMinutes(round);
            var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => AcquireAsync($"node-{round}-{i}", now))));

            var winners = results.Where(r => r.Held).ToList();
            Assert.That(winners, Has.Count.EqualTo(1), $"round {round}");
            Assert.That(results.Select(r => r.Owner).Distinct(), Is.EqualTo(new[] { winners[0].Owner }), "everyone sees the same owner");
        }
    }

    private SqliteOcppLabDbContext Open() =>
        new(new DbContextOptionsBuilder<SqliteOcppLabDbContext>().UseSqlite($"Data Source={_path};Default Timeout=30").Options);

    private Task<LeaseSnapshot> AcquireAsync(string node, DateTimeOffset now) =>
        WithStoreAsync(s => s.TryAcquireAsync(Lease, node, now, Duration, default));

    private async Task<T> WithStoreAsync<T>(Func<RuntimeLeaseStore, Task<T>> action)
    {
        await using var db = Open();
        return await action(new RuntimeLeaseStore(db));
    }

    private async Task<RuntimeLease> ReadRowAsync()
    {
        await using var db = Open();
        return await db.RuntimeLeases.AsNoTracking().SingleAsync();
    }
}
