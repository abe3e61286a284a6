using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OcppLab.Api.Auth;
using OcppLab.Tests.Shared;

namespace OcppLab.SdkTests.TypeScript;

/// <summary>
/// The TypeScript side of issue 10 (items 5 and 6), against a gateway on a real loopback port:
/// the shipped package (sdk/typescript, openapi-typescript + openapi-fetch) is built from the
/// committed document and packed; tests/sdk-ts installs the .tgz and drives the quickstart
/// through it with every response validated against the document, drives it again through a
/// @hey-api/openapi-ts client with zod validation generated during the run, and checks that a
/// set of invalid calls does not compile under tsc --strict while their valid counterparts do;
/// the README example of the packed package compiles and runs.
/// </summary>
[NonParallelizable]
public sealed class TypeScriptSdkTests
{
    private const string UserOrganization = "ts-sdk-org";
    private const string AdminOrganization = "ts-sdk-admins";
    private static readonly TimeSpan InstallDeadline = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan BuildDeadline = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RunDeadline = TimeSpan.FromMinutes(3);

    private SdkGateway _gateway = null!;
    private string _packDirectory = null!;
    private string _tarball = null!;
    private Dictionary<string, string> _environment = null!;

    private static string SdkDirectory => Path.Combine(NodeTools.RepositoryRoot, "sdk", "typescript");

    private static string TestsDirectory => Path.Combine(NodeTools.RepositoryRoot, "tests", "sdk-ts");

    [OneTimeSetUp]
    public async Task BuildPackAndInstallTheSdk()
    {
        _gateway = new SdkGateway();
        var tokens = _gateway.Services.GetRequiredService<TokenIssuer>();
        _environment = new Dictionary<string, string>
        {
            ["OCPPLAB_BASE_URL"] = _gateway.Address.ToString().TrimEnd('/'),
            ["OCPPLAB_SANDBOX_URL"] = _gateway.SandboxUrl,
            ["OCPPLAB_ORG"] = UserOrganization,
            ["OCPPLAB_USER_TOKEN"] = tokens.Mint(UserOrganization, Claims.UserRole),
            // An admin of another organization: it reaches the user's tenant only through X-Organization-Id.
            ["OCPPLAB_ADMIN_TOKEN"] = tokens.Mint(AdminOrganization, Claims.AdminRole),
        };

        var npm = NodeTools.Npm;
        _packDirectory = Path.Combine(Path.GetTempPath(), "ocpplab-tests", $"ts-sdk-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_packDirectory);

        (await ChildProcess.RunAsync(npm, ["ci", "--loglevel=error"], SdkDirectory, InstallDeadline)).EnsureSuccess();
        (await ChildProcess.RunAsync(npm, ["run", "--silent", "build"], SdkDirectory, BuildDeadline)).EnsureSuccess();
        var pack = (await ChildProcess.RunAsync(npm, ["pack", "--silent", "--pack-destination", _packDirectory], SdkDirectory, BuildDeadline)).EnsureSuccess();
        var name = pack.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.EndsWith(".tgz", StringComparison.Ordinal));
        _tarball = Path.Combine(_packDirectory, name ?? throw new InvalidOperationException($"npm pack named no .tgz:\n{pack.Output}"));
        Assert.That(File.Exists(_tarball), Is.True, _tarball);

        (await ChildProcess.RunAsync(npm, ["ci", "--loglevel=error"], TestsDirectory, InstallDeadline)).EnsureSuccess();
        // --no-save: the test project's package.json and lock stay as committed.
        (await ChildProcess.RunAsync(npm, ["install", "--no-save", "--loglevel=error", _tarball], TestsDirectory, InstallDeadline)).EnsureSuccess();
    }

    [OneTimeTearDown]
    public async Task StopTheGateway()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_packDirectory is not null && Directory.Exists(_packDirectory))
        {
            Directory.Delete(_packDirectory, recursive: true);
        }
    }

    [Test]
    public async Task The_package_is_typed_ESM_versioned_with_the_API_and_ships_only_its_build()
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var file = File.OpenRead(_tarball))
        await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        await using (var tar = new TarReader(gzip))
        {
            while (await tar.GetNextEntryAsync() is { } entry)
            {
                var text = string.Empty;
                if (entry.DataStream is not null && entry.Name is "package/package.json")
                {
                    using var reader = new StreamReader(entry.DataStream);
                    text = await reader.ReadToEndAsync();
                }

                entries[entry.Name] = text;
            }
        }

        Assert.That(entries.Keys, Is.SupersetOf(new[]
        {
            "package/package.json", "package/README.md", "package/dist/index.js", "package/dist/index.d.ts",
            "package/dist/generated/schema.d.ts", "package/dist/openapi.json",
        }));
        Assert.That(entries.Keys.Where(e => e.StartsWith("package/src/", StringComparison.Ordinal) || e.Contains("node_modules", StringComparison.Ordinal)), Is.Empty, "sources and dependencies stay out of the package");

        using var manifest = JsonDocument.Parse(entries["package/package.json"]);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(NodeTools.RepositoryRoot, "docs", "openapi", "openapi.json")));
        var apiVersion = document.RootElement.GetProperty("info").GetProperty("version").GetString()!;
        var match = Regex.Match(apiVersion, @"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?$");
        Assert.That(match.Success, Is.True, $"info.version '{apiVersion}' is a version");
        var expected = $"{match.Groups[1].Value}.{(match.Groups[2].Success ? match.Groups[2].Value : "0")}.{(match.Groups[3].Success ? match.Groups[3].Value : "0")}{match.Groups[4].Value}";
        Assert.Multiple(() =>
        {
            Assert.That(manifest.RootElement.GetProperty("name").GetString(), Is.EqualTo("@ocpplab/client"));
            Assert.That(manifest.RootElement.GetProperty("version").GetString(), Is.EqualTo(expected), $"versioned with the API ({apiVersion})");
            Assert.That(manifest.RootElement.GetProperty("type").GetString(), Is.EqualTo("module"), "ESM");
            Assert.That(manifest.RootElement.GetProperty("types").GetString(), Is.EqualTo("./dist/index.d.ts"));
            Assert.That(manifest.RootElement.GetProperty("dependencies").GetProperty("openapi-fetch").GetString(), Is.EqualTo("0.17.0"), "the runtime pinned exactly");
        });
    }

    [Test]
    public Task The_packed_sdk_drives_the_quickstart_with_every_response_validated() =>
        RunNodeScriptAsync("sdk", "sdk quickstart (openapi-typescript + openapi-fetch):");

    [Test]
    public Task A_hey_api_client_with_zod_validation_generated_from_the_document_drives_the_quickstart() =>
        RunNodeScriptAsync("hey-api", "hey-api quickstart (@hey-api/openapi-ts + zod):");

    [Test]
    public Task The_readme_example_of_the_packed_package_compiles_under_strict_and_runs() =>
        RunNodeScriptAsync("readme", "ok 2 - the README example runs (exit 0)");

    [Test]
    public async Task Invalid_calls_do_not_compile_under_strict_and_their_valid_counterparts_do()
    {
        var cases = Directory.GetFiles(Path.Combine(TestsDirectory, "compile-fail", "cases"), "*.ts");
        Assert.That(cases, Has.Length.GreaterThanOrEqualTo(12), "the issue asks for at least 12 invalid calls");
        // One line per case plus the control file, and the runner's own count: nothing skipped.
        await RunNodeScriptAsync("compile-fail", $"{cases.Length + 1} passed, 0 failed");
    }

    private async Task RunNodeScriptAsync(string script, string expectedLine)
    {
        var result = await ChildProcess.RunAsync(NodeTools.Npm, ["run", "--silent", script], TestsDirectory, RunDeadline, _environment);
        await TestContext.Out.WriteLineAsync($"npm run {script}: exit {result.ExitCode} after {result.Elapsed.TotalSeconds:0.0} s");
        Assert.That(result.ExitCode, Is.Zero, $"npm run {script} failed:\n{result.Output}");
        await TestContext.Out.WriteLineAsync(result.Output);
        Assert.That(result.Output, Does.Contain(expectedLine), $"npm run {script} did not report success:\n{result.Output}");
    }
}
