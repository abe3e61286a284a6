using System.Collections.Concurrent;
using System.Diagnostics;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Operations;

/// <summary>
/// The gateway as a user runs a build of it: its own process, started from a directory that is not
/// its content root. It still reads the appsettings.json shipped next to it (so it logs), keeps its
/// data under the working directory, and stops cleanly on SIGTERM.
/// </summary>
[NonParallelizable]
public sealed class StandaloneProcessTests
{
    [SetUp]
    public void SqliteOnly() => TestDatabase.RequireSqlite("it runs the gateway with its shipped configuration, whose database is the SQLite default; the SQLite run covers it");

    [Test]
    public async Task Run_from_another_directory_it_logs_with_its_shipped_configuration_and_stops_on_sigterm()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("ocpplab-standalone-");
        var lines = new ConcurrentQueue<string>();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OcppLab.Api.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");

        using var gateway = Process.Start(start)!;
        void Collect(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lines.Enqueue(e.Data);
            }
        }

        gateway.OutputDataReceived += Collect;
        gateway.ErrorDataReceived += Collect;
        gateway.BeginOutputReadLine();
        gateway.BeginErrorReadLine();
        try
        {
            await Eventually.UntilAsync(
                () => Task.FromResult(lines.Any(l => l.Contains("Now listening on", StringComparison.Ordinal))),
                timeout: TimeSpan.FromSeconds(60),
                because: "the gateway logs that it listens");

            Assert.Multiple(() =>
            {
                Assert.That(lines, Has.Some.Contains("Database ready (Sqlite)"), "the shipped Serilog configuration is in effect");
                Assert.That(File.Exists(Path.Combine(workingDirectory.FullName, "data", "ocpplab.db")), Is.True, "the database lives under the working directory");
            });

            Process.Start("kill", ["-TERM", gateway.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await gateway.WaitForExitAsync(exit.Token);
            Assert.That(gateway.ExitCode, Is.Zero, "a graceful stop");
        }
        finally
        {
            if (!gateway.HasExited)
            {
                gateway.Kill(entireProcessTree: true);
            }

            workingDirectory.Delete(recursive: true);
        }
    }
}
