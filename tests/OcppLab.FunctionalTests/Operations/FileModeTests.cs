using System.Collections.Concurrent;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Operations;

/// <summary>
/// The data folder, the SQLite database (with its -wal and -shm) and the generated signing key are the
/// gateway user's alone: created that way even under a umask that hides nothing, and tightened on an upgrade.
/// The gateway runs as its own process so the umask is real.
/// </summary>
[NonParallelizable]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileModeTests
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerFolder = OwnerFile | UnixFileMode.UserExecute;
    private const UnixFileMode WorldReadableFile = OwnerFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    [SetUp]
    public void SqliteOnly() => TestDatabase.RequireSqlite("the file modes of the SQLite database file and its -wal and -shm (a PostgreSQL server keeps its own files)");

    [Test]
    public async Task Under_umask_000_the_data_folder_is_0700_and_the_database_wal_shm_and_key_are_0600()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix file modes");
        }

        var workingDirectory = Directory.CreateTempSubdirectory("ocpplab-modes-");
        try
        {
            var data = Path.Combine(workingDirectory.FullName, "data");
            string[] files = ["ocpplab.db", "ocpplab.db-wal", "ocpplab.db-shm", "jwt-signing.key"];
            var modes = new Dictionary<string, UnixFileMode>();
            await RunGatewayAsync(workingDirectory.FullName, "000", async _ =>
            {
                // -wal and -shm exist only while the gateway has the database open.
                await Eventually.UntilAsync(
                    () => Task.FromResult(files.All(f => File.Exists(Path.Combine(data, f)))),
                    TimeSpan.FromSeconds(30),
                    "the database is in WAL mode and the key generated");
                modes["data"] = File.GetUnixFileMode(data);
                foreach (var file in files)
                {
                    modes[file] = File.GetUnixFileMode(Path.Combine(data, file));
                }
            });

            Assert.Multiple(() =>
            {
                Assert.That(modes["data"], Is.EqualTo(OwnerFolder), "data/");
                foreach (var file in files)
                {
                    Assert.That(modes[file], Is.EqualTo(OwnerFile), file);
                }

                Assert.That(Directory.GetFiles(data, "*.tmp"), Is.Empty, "no temporary key file is left behind");
            });
        }
        finally
        {
            workingDirectory.Delete(recursive: true);
        }
    }

    [Test]
    public async Task An_upgrade_tightens_a_world_readable_database_and_key_and_says_so()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix file modes");
        }

        var workingDirectory = Directory.CreateTempSubdirectory("ocpplab-upgrade-");
        try
        {
            // What an earlier version left: everything readable by everyone (umask 022).
            var data = Path.Combine(workingDirectory.FullName, "data");
            Directory.CreateDirectory(data);
            File.SetUnixFileMode(data, OwnerFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            var db = Path.Combine(data, "ocpplab.db");
            var key = Path.Combine(data, "jwt-signing.key");
            await File.WriteAllBytesAsync(db, []);
            await File.WriteAllTextAsync(key, Convert.ToBase64String(new byte[64]));
            File.SetUnixFileMode(db, WorldReadableFile);
            File.SetUnixFileMode(key, WorldReadableFile);

            var walMode = UnixFileMode.None;
            var lines = await RunGatewayAsync(workingDirectory.FullName, "022", async _ =>
            {
                await Eventually.UntilAsync(() => Task.FromResult(File.Exists(db + "-wal")), TimeSpan.FromSeconds(30), "the database is in WAL mode");
                walMode = File.GetUnixFileMode(db + "-wal");
            });

            Assert.Multiple(() =>
            {
                Assert.That(File.GetUnixFileMode(db), Is.EqualTo(OwnerFile), "the database");
                Assert.That(walMode, Is.EqualTo(OwnerFile), "its -wal, created after the database was tightened");
                Assert.That(File.GetUnixFileMode(key), Is.EqualTo(OwnerFile), "the key");
                Assert.That(Convert.FromBase64String(File.ReadAllText(key)), Is.EqualTo(new byte[64]), "the key is kept, only its mode changes");
                Assert.That(lines, Has.Some.Contains("ocpplab.db was readable by other users"));
                Assert.That(lines, Has.Some.Contains("jwt-signing.key was readable by other users"));
            });
        }
        finally
        {
            workingDirectory.Delete(recursive: true);
        }
    }

    /// <summary>Runs the built gateway in <paramref name="workingDirectory"/> under <paramref name="umask"/> until <paramref name="whileRunning"/> is done, then stops it with SIGTERM; returns its log lines.</summary>
    private static async Task<IReadOnlyCollection<string>> RunGatewayAsync(string workingDirectory, string umask, Func<ConcurrentQueue<string>, Task> whileRunning)
    {
        await using var gateway = await GatewayProcess.StartInAsync(new DirectoryInfo(workingDirectory), TimeSpan.FromSeconds(60), umask);
        await whileRunning(gateway.Lines);
        await gateway.TerminateAsync(TimeSpan.FromSeconds(30));
        return gateway.Lines;
    }
}
