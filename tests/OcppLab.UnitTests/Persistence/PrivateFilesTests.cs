using System.Runtime.InteropServices;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.UnitTests.Persistence;

/// <summary>
/// Files are owner-only from the instant they exist. The umask is set to 000 around each check so that only the
/// mode given at creation can explain a 0600 file: a file created with the default mode would come out 0666.
/// </summary>
[NonParallelizable]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateFilesTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix file modes");
        }

        _folder = Directory.CreateTempSubdirectory("ocpplab-private-").FullName;
    }

    [TearDown]
    public void DeleteFolder()
    {
        if (_folder is not null && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Test]
    public void A_new_file_is_0600_while_it_is_still_being_written()
    {
        var path = Path.Combine(_folder, "key.tmp");
        using (Permissive())
        {
            using var stream = PrivateFiles.CreateNew(path);

            // Nothing has been written, closed or chmod-ed yet: this is the mode open(2) gave it.
            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(PrivateFiles.FileMode));
        }
    }

    [Test]
    public void The_umask_really_is_permissive_inside_the_check()
    {
        // Guards the test above against passing vacuously: a plain file gets the full default mode here.
        var path = Path.Combine(_folder, "plain");
        using (Permissive())
        {
            File.WriteAllText(path, "x");
        }

        Assert.That(File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead), Is.Not.EqualTo(UnixFileMode.None));
    }

    [Test]
    public void TryWriteNew_moves_a_0600_file_into_place_and_keeps_an_existing_one()
    {
        var path = Path.Combine(_folder, "jwt-signing.key");
        using (Permissive())
        {
            Assert.That(PrivateFiles.TryWriteNew(path, "first"), Is.True);
            Assert.That(PrivateFiles.TryWriteNew(path, "second"), Is.False, "the first writer wins");
        }

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(path), Is.EqualTo("first"));
            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(PrivateFiles.FileMode));
            Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { path }), "the loser's temporary file is deleted");
        });
    }

    [Test]
    public void A_new_folder_is_0700_and_Restrict_tightens_only_what_is_shared()
    {
        var folder = Path.Combine(_folder, "data", "nested");
        using (Permissive())
        {
            PrivateFiles.CreateFolder(folder);
        }

        Assert.That(File.GetUnixFileMode(folder), Is.EqualTo(PrivateFiles.FolderMode));

        var file = Path.Combine(folder, "ocpplab.db");
        File.WriteAllText(file, string.Empty);
        File.SetUnixFileMode(file, PrivateFiles.FileMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
        Assert.Multiple(() =>
        {
            Assert.That(PrivateFiles.IsShared(file), Is.True);
            Assert.That(PrivateFiles.Restrict(file), Is.True);
            Assert.That(File.GetUnixFileMode(file), Is.EqualTo(PrivateFiles.FileMode));
            Assert.That(PrivateFiles.Restrict(file), Is.False, "nothing left to take away");
            Assert.That(PrivateFiles.Restrict(Path.Combine(folder, "missing")), Is.False);
        });
    }

    [Test]
    public void EnsureExists_creates_an_empty_0600_file_and_leaves_an_existing_one_alone()
    {
        var path = Path.Combine(_folder, "ocpplab.db");
        using (Permissive())
        {
            PrivateFiles.EnsureExists(path);
        }

        Assert.That((new FileInfo(path).Length, File.GetUnixFileMode(path)), Is.EqualTo((0L, PrivateFiles.FileMode)));
        File.WriteAllText(path, "data");
        PrivateFiles.EnsureExists(path);
        Assert.That(File.ReadAllText(path), Is.EqualTo("data"));
    }

    private static UmaskScope Permissive() => new(umask(0));

    // DllImport: LibraryImport would need unsafe code in the test project for one call.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint umask(uint mask);
#pragma warning restore SYSLIB1054

    private readonly struct UmaskScope(uint previous) : IDisposable
    {
        public void Dispose() => _ = umask(previous);
    }
}
