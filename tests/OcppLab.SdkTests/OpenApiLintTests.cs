using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using OcppLab.Tests.Shared;

namespace OcppLab.SdkTests;

/// <summary>
/// Lint in CI (issue 10 item 4): the committed document passes Redocly's <c>recommended</c> ruleset and
/// Spectral's <c>spectral:oas</c> with no error and no warning. Both linters are pinned in
/// <c>lint/package.json</c> / <c>package-lock.json</c> and installed with <c>npm ci</c> once per run.
/// A control case lints a copy with two known defects, so a linter that silently checks nothing
/// (a wrong path, an empty ruleset, unparsed output) fails here too.
/// </summary>
[NonParallelizable]
public sealed class OpenApiLintTests
{
    private static readonly TimeSpan InstallDeadline = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan LintDeadline = TimeSpan.FromMinutes(2);

    private string _lintDirectory = null!;
    private string _document = null!;

    [OneTimeSetUp]
    public async Task InstallLinters()
    {
        var root = ChildProcess.RepositoryRoot;
        _lintDirectory = Path.Combine(root, "tests", "OcppLab.SdkTests", "lint");
        _document = Path.Combine(root, "docs", "openapi", "openapi.json");
        Assert.That(File.Exists(Path.Combine(_lintDirectory, "package-lock.json")), "lint/package-lock.json pins the linters");

        // Several test processes may share the source tree: one npm ci at a time.
        using var gate = await ChildProcess.AcquireFileLockAsync("lint", _lintDirectory, InstallDeadline);
        if (NeedsInstall())
        {
            var (exit, output, error) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], InstallDeadline);
            Assert.That(exit, Is.Zero, $"npm ci failed:\n{output}\n{error}");
        }
    }

    [Test]
    public async Task Redocly_recommended_reports_no_error_and_no_warning()
    {
        var (errors, warnings, findings) = await RedoclyAsync(_document);
        Assert.That((errors, warnings), Is.EqualTo((0, 0)), $"redocly lint (recommended):\n{findings}");
    }

    [Test]
    public async Task Spectral_oas_reports_no_error_and_no_warning()
    {
        var (errors, warnings, findings) = await SpectralAsync(_document);
        Assert.That((errors, warnings), Is.EqualTo((0, 0)), $"spectral lint (spectral:oas):\n{findings}");
    }

    [Test]
    public async Task Both_linters_report_a_document_with_known_defects()
    {
        // The two defects issue 10 found: no servers, and null inside a string enum.
        var broken = JsonNode.Parse(await File.ReadAllTextAsync(_document))!;
        broken["servers"] = new JsonArray();
        broken["components"]!["schemas"]!["BootStatusName"]!["enum"]!.AsArray().Add(null);
        var path = Path.Combine(Path.GetTempPath(), $"ocpplab-lint-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, broken.ToJsonString());
        try
        {
            var redocly = await RedoclyAsync(path);
            Assert.That(redocly.Findings, Does.Contain("no-empty-servers").And.Contain("no-enum-type-mismatch"));
            Assert.That(redocly.Errors, Is.GreaterThanOrEqualTo(2));

            var spectral = await SpectralAsync(path);
            Assert.That(spectral.Findings, Does.Contain("oas3-api-servers").And.Contain("typed-enum"));
            Assert.That(spectral.Errors + spectral.Warnings, Is.GreaterThanOrEqualTo(2));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>redocly lint --format=json: totals and one line per problem (rule, severity, message, location).</summary>
    private async Task<(int Errors, int Warnings, string Findings)> RedoclyAsync(string document)
    {
        var (exit, output, error) = await NodeAsync(
            Path.Combine("node_modules", "@redocly", "cli", "bin", "cli.js"),
            ["lint", document, "--config", "redocly.yaml", "--format=json"]);
        var report = ParseJson(output, error, "redocly");
        var problems = report["problems"]!.AsArray()
            .Select(p => $"{p!["severity"]} {p["ruleId"]}: {p["message"]} at {p["location"]?[0]?["pointer"]}");
        var totals = report["totals"]!;
        var errors = totals["errors"]!.GetValue<int>();
        var warnings = totals["warnings"]!.GetValue<int>();
        Assert.That(exit == 0, Is.EqualTo(errors == 0), $"redocly's exit code {exit} disagrees with its totals:\n{error}");
        return (errors, warnings, string.Join('\n', problems));
    }

    /// <summary>spectral lint -f json: one entry per result, severity 0 error, 1 warning, 2 info, 3 hint.</summary>
    private async Task<(int Errors, int Warnings, string Findings)> SpectralAsync(string document)
    {
        var (exit, output, error) = await NodeAsync(
            Path.Combine("node_modules", "@stoplight", "spectral-cli", "dist", "index.js"),
            ["lint", document, "--ruleset", ".spectral.yaml", "--format", "json", "--fail-severity", "warn", "--quiet"]);
        var results = ParseJson(output, error, "spectral").AsArray();
        var findings = results.Select(r => $"{r!["severity"]} {r["code"]}: {r["message"]} at {string.Join('.', r["path"]!.AsArray())}");
        var errors = results.Count(r => r!["severity"]!.GetValue<int>() == 0);
        var warnings = results.Count(r => r!["severity"]!.GetValue<int>() == 1);
        Assert.That(exit == 0, Is.EqualTo(errors + warnings == 0), $"spectral's exit code {exit} disagrees with its results:\n{error}");
        return (errors, warnings, string.Join('\n', findings));
    }

    private static JsonNode ParseJson(string output, string error, string tool)
    {
        var start = output.IndexOfAny(['{', '[']);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"{tool} wrote no JSON report:\n{output}\n{error}");
        // Spectral may follow its JSON with a summary line: read the first JSON value only.
        var reader = new System.Text.Json.Utf8JsonReader(Encoding.UTF8.GetBytes(output[start..]), new System.Text.Json.JsonReaderOptions { AllowMultipleValues = true });
        return JsonNode.Parse(ref reader)!;
    }

    private Task<(int Exit, string Output, string Error)> NodeAsync(string script, IEnumerable<string> arguments) =>
        RunAsync("node", [script, .. arguments], LintDeadline);

    private async Task<(int Exit, string Output, string Error)> RunAsync(string program, IEnumerable<string> arguments, TimeSpan deadline)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = _lintDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No telemetry, no update checks: the run is offline and reproducible.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} did not finish within {deadline.TotalSeconds:0} s.");
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>npm writes node_modules/.package-lock.json on every install: installed and current when it is newer than the lock file.</summary>
    private bool NeedsInstall()
    {
        var lockFile = new FileInfo(Path.Combine(_lintDirectory, "package-lock.json"));
        var installed = new FileInfo(Path.Combine(_lintDirectory, "node_modules", ".package-lock.json"));
        return !installed.Exists || installed.LastWriteTimeUtc < lockFile.LastWriteTimeUtc
            || !File.Exists(Path.Combine(_lintDirectory, "node_modules", "@redocly", "cli", "bin", "cli.js"))
            || !File.Exists(Path.Combine(_lintDirectory, "node_modules", "@stoplight", "spectral-cli", "dist", "index.js"));
    }
}
