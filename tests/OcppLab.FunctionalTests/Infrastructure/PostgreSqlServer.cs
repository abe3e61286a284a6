using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace OcppLab.FunctionalTests.Infrastructure;

/// <summary>
/// A real PostgreSQL server for the test run, started from the Debian binaries
/// (<c>/usr/lib/postgresql/&lt;major&gt;/bin</c>) into a temporary folder: loopback only, on a free port,
/// its unix socket in that folder. It is started on first use, each gateway gets a database of its own
/// (<see cref="CreateDatabase"/>), and <see cref="PostgreSqlServerTeardown"/> stops it and deletes the
/// folder at the end of the run. As root the server runs as the <c>postgres</c> OS user (initdb refuses root).
/// Durability is traded for speed (fsync off): a crash of the test server loses nothing of value.
/// </summary>
public sealed class PostgreSqlServer : IDisposable
{
    private static readonly Lock Gate = new();
    private static PostgreSqlServer? _shared;

    private readonly string _bin;
    private readonly string _folder;
    private readonly string _data;
    private readonly string? _runAs;
    private bool _stopped;

    private PostgreSqlServer(string bin, string folder, int port, string? runAs)
    {
        _bin = bin;
        _folder = folder;
        _data = Path.Combine(folder, "data");
        Port = port;
        _runAs = runAs;
    }

    public int Port { get; }

    /// <summary>The server of this test run, started on first use.</summary>
    public static PostgreSqlServer Shared
    {
        get
        {
            lock (Gate)
            {
                return _shared ??= Start();
            }
        }
    }

    /// <summary>Whether <see cref="Shared"/> was started (so that the run's end has something to stop).</summary>
    internal static PostgreSqlServer? Started
    {
        get
        {
            lock (Gate)
            {
                return _shared;
            }
        }
    }

    /// <summary>Whether the server binaries are on this machine (.ci/run installs them when they are not).</summary>
    public static bool IsInstalled => FindBinaries() is not null;

    /// <summary>The superuser connection to <paramref name="database"/> (trust authentication on loopback).</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            Timeout = 30,
            CommandTimeout = 60,
        }.ConnectionString;

    /// <summary>Creates an empty database with a unique name; returns its connection string.</summary>
    public string CreateDatabase()
    {
        var name = $"ocpplab_{Guid.NewGuid():N}";
        Execute($"CREATE DATABASE \"{name}\"");
        return ConnectionString(name);
    }

    /// <summary>Drops the database of <paramref name="connectionString"/>, closing whatever still uses it.</summary>
    public void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        using (var connection = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static PostgreSqlServer Start()
    {
        var bin = FindBinaries()
            ?? throw new InvalidOperationException(
                "OCPPLAB_TEST_DATABASE=PostgreSql needs the PostgreSQL server binaries (/usr/lib/postgresql/<major>/bin/initdb): apt-get install postgresql");
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        var folder = Path.Combine(Path.GetTempPath(), $"ocpplab-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        if (runAs is not null)
        {
            Run("chown", ["-R", $"{runAs}:{runAs}", folder], null, TimeSpan.FromSeconds(30));
        }

        var server = new PostgreSqlServer(bin, folder, FreePort(), runAs);
        try
        {
            server.RunTool("initdb", ["-D", server._data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"], TimeSpan.FromMinutes(2));
            var options = string.Join(' ', [
                $"-p {server.Port}", "-c listen_addresses=127.0.0.1", $"-k {folder}",
                "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off", "-c max_connections=300"]);
            server.RunTool("pg_ctl", ["-D", server._data, "-l", Path.Combine(folder, "server.log"), "-o", options, "-W", "start"], TimeSpan.FromMinutes(1));
            server.WaitUntilReady(TimeSpan.FromSeconds(60));
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Polls pg_isready until the server accepts connections; the server log is in the failure message.</summary>
    private void WaitUntilReady(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var (code, _) = Run(Path.Combine(_bin, "pg_isready"), ["-h", "127.0.0.1", "-p", Port.ToString(), "-t", "2"], null, TimeSpan.FromSeconds(10), check: false);
            if (code == 0)
            {
                return;
            }

            if (deadline.Elapsed > timeout)
            {
                var log = Path.Combine(_folder, "server.log");
                throw new InvalidOperationException(
                    $"PostgreSQL did not accept connections on 127.0.0.1:{Port} within {timeout}: {(File.Exists(log) ? File.ReadAllText(log) : "no server log")}");
            }

            // Until the postmaster writes "ready" into its pid file (or the deadline): no fixed pause.
            SpinWait.SpinUntil(PidFileSaysReady, timeout - deadline.Elapsed > TimeSpan.Zero ? timeout - deadline.Elapsed : TimeSpan.Zero);
        }
    }

    /// <summary>PostgreSQL writes its status as the last line of postmaster.pid; "ready" once it accepts connections.</summary>
    private bool PidFileSaysReady()
    {
        try
        {
            var pid = Path.Combine(_data, "postmaster.pid");
            return File.Exists(pid) && File.ReadAllText(pid).Contains("ready", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private void RunTool(string tool, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var path = Path.Combine(_bin, tool);
        if (_runAs is null)
        {
            Run(path, arguments, _folder, timeout);
        }
        else
        {
            Run("runuser", ["-u", _runAs, "--", path, .. arguments], _folder, timeout);
        }
    }

    /// <summary>Runs a server tool to completion (the fixture is synchronous: it starts once per test run).</summary>
    private static (int Code, string Output) Run(string file, IReadOnlyList<string> arguments, string? workingDirectory, TimeSpan timeout, bool check = true)
    {
        var result = ChildProcess.RunAsync(file, arguments, workingDirectory ?? Path.GetTempPath(), timeout).GetAwaiter().GetResult();
        return check ? (result.EnsureSuccess().ExitCode, result.Output) : (result.ExitCode, result.Output);
    }

    /// <summary>The newest installed major version's bin folder, or null.</summary>
    private static string? FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(d => (Path: Path.Combine(d, "bin"), Major: int.TryParse(Path.GetFileName(d), out var m) ? m : -1))
            .Where(d => d.Major > 0 && File.Exists(Path.Combine(d.Path, "initdb")) && File.Exists(Path.Combine(d.Path, "pg_ctl")))
            .OrderByDescending(d => d.Major)
            .Select(d => d.Path)
            .FirstOrDefault();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops the server (fast shutdown: open sessions are ended) and deletes its folder.</summary>
    public void Dispose()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (File.Exists(Path.Combine(_data, "postmaster.pid")))
            {
                RunTool("pg_ctl", ["-D", _data, "-m", "fast", "-W", "stop"], TimeSpan.FromMinutes(1));
                WaitUntilStopped(TimeSpan.FromSeconds(30));
            }
        }
        finally
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS temp cleaner.
            }
        }
    }

    private void WaitUntilStopped(TimeSpan timeout)
    {
        SpinWait.SpinUntil(() => !File.Exists(Path.Combine(_data, "postmaster.pid")), timeout);
    }
}
