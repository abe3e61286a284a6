namespace OcppLab.Infrastructure.Persistence;

/// <summary>
/// Files only the gateway's user may read: the SQLite database (it holds the chargers' Basic-auth keys) and
/// the generated signing key. Modes are set when a file is created, never afterwards, so no other user can
/// open one in between; the process's umask can only make them stricter. Windows keeps its ACLs.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates <paramref name="path"/> (and missing parents) as 0700; an existing folder is left as it is.</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, FolderMode);
    }

    /// <summary>Creates a new file, 0600 from its first instant, and opens it for writing; fails if it exists.</summary>
    public static FileStream CreateNew(string path) =>
        new(path, OperatingSystem.IsWindows()
            ? new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write }
            : new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode });

    /// <summary>Creates an empty 0600 file unless <paramref name="path"/> exists (SQLite then opens it as a new database).</summary>
    public static void EnsureExists(string path)
    {
        try
        {
            using var _ = CreateNew(path);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Someone else's, or an earlier run's: Restrict deals with its mode.
        }
    }

    /// <summary>
    /// Writes <paramref name="contents"/> to <paramref name="path"/> through a 0600 temporary file moved into place,
    /// so readers see the whole file or none. False when <paramref name="path"/> already existed (it is kept: the
    /// first writer wins).
    /// </summary>
    public static bool TryWriteNew(string path, string contents)
    {
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var stream = CreateNew(temp))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(contents);
        }

        try
        {
            File.Move(temp, path, overwrite: false);
            return true;
        }
        catch (IOException)
        {
            File.Delete(temp);
            return false;
        }
    }

    /// <summary>Takes group and other permissions off an existing file or folder; true when there were any.</summary>
    public static bool Restrict(string path)
    {
        if (OperatingSystem.IsWindows() || !(File.Exists(path) || Directory.Exists(path)))
        {
            return false;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOther) == 0)
        {
            return false;
        }

        File.SetUnixFileMode(path, mode & ~GroupOrOther);
        return true;
    }

    /// <summary>Whether group or other users may use <paramref name="path"/> (always false on Windows).</summary>
    public static bool IsShared(string path) =>
        !OperatingSystem.IsWindows() && (File.Exists(path) || Directory.Exists(path)) && (File.GetUnixFileMode(path) & GroupOrOther) != 0;
}
