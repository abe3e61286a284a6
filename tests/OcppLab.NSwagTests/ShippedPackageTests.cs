using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using OcppLab.Api.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace OcppLab.NSwagTests;

/// <summary>
/// The packed OcppLab.Client as a user receives it (issue 10 item 6): versioned with the API, both
/// target frameworks, no dependency but System.Text.Json, and the README's example, taken from the
/// package itself, restores from the packed file alone, compiles and runs against a gateway.
/// </summary>
public sealed partial class ShippedPackageTests
{
    private static string Metadata(string key) =>
        typeof(ShippedPackageTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static string PackagePath => Metadata("OcppLabPackage");

    [Test]
    public void The_package_carries_the_APIs_version_both_frameworks_and_its_README()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Metadata("OcppLabOpenApiDocument")));
        var apiVersion = document.RootElement.GetProperty("info").GetProperty("version").GetString()!.TrimStart('v');
        var expected = apiVersion.Contains('.', StringComparison.Ordinal) ? apiVersion : apiVersion + ".0.0";

        using var package = ZipFile.OpenRead(PackagePath);
        var nuspec = XDocument.Load(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.That(metadata.Element(ns + "id")!.Value, Is.EqualTo("OcppLab.Client"));
        Assert.That(metadata.Element(ns + "version")!.Value, Is.EqualTo(expected), $"info.version {apiVersion}");
        Assert.That(Path.GetFileName(PackagePath), Is.EqualTo($"OcppLab.Client.{expected}.nupkg"));
        Assert.That(metadata.Element(ns + "readme")!.Value, Is.EqualTo("README.md"));

        var entries = package.Entries.Select(e => e.FullName).ToList();
        Assert.That(entries, Does.Contain("lib/net8.0/OcppLab.Client.dll").And.Contain("lib/net10.0/OcppLab.Client.dll").And.Contain("README.md"));
        Assert.That(entries, Does.Contain("lib/net10.0/OcppLab.Client.xml"), "IntelliSense from the document's descriptions");

        var groups = metadata.Element(ns + "dependencies")!.Elements(ns + "group")
            .ToDictionary(g => g.Attribute("targetFramework")!.Value, g => g.Elements(ns + "dependency").Select(d => d.Attribute("id")!.Value).ToList());
        Assert.That(groups["net10.0"], Is.Empty, "nothing beyond the framework on .NET 10");
        Assert.That(groups["net8.0"], Is.EqualTo(new[] { "System.Text.Json" }), "NSwag is a build tool, never a dependency");
    }

    [Test]
    public async Task The_READMEs_example_restores_from_the_packed_file_alone_and_runs_the_quickstart()
    {
        await using var gateway = new NSwagGateway();
        var token = gateway.Services.GetRequiredService<TokenIssuer>().Mint("readme-org", Claims.UserRole);

        string readme;
        using (var package = ZipFile.OpenRead(PackagePath))
        using (var reader = new StreamReader(package.GetEntry("README.md")!.Open()))
        {
            readme = await reader.ReadToEndAsync();
        }

        var example = CSharpBlock().Match(readme);
        Assert.That(example.Success, Is.True, "the README has a C# example");
        var version = Path.GetFileNameWithoutExtension(PackagePath)["OcppLab.Client.".Length..];

        var work = Directory.CreateTempSubdirectory("ocpplab-readme-");
        try
        {
            var feed = Path.GetDirectoryName(PackagePath)!;
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "Program.cs"), example.Groups[1].Value);
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="OcppLab.Client" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            // Only the packed file as a source, and packages extracted afresh: nothing else can satisfy it.
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <config><add key="globalPackagesFolder" value="{Path.Combine(work.FullName, "packages")}" /></config>
                  <packageSources><clear /><add key="packed" value="{feed}" /></packageSources>
                </configuration>
                """);

            var (exit, output) = await RunAsync(work.FullName, "run", ("OCPPLAB_URL", gateway.Address.ToString()), ("OCPPLAB_TOKEN", token));
            Assert.That(exit, Is.Zero, output);
            Assert.That(output, Does.Match(@"CP-[0-9a-f]{9}: READY"));
            Assert.That(Regex.Match(output, @"(\d+) BootNotification frames").Groups[1].Value, Is.Not.EqualTo("0").And.Not.Empty, output);
            Assert.That(output, Does.Contain("404: "));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<(int Exit, string Output)> RunAsync(string directory, string command, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet", [command, "--nologo"])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        // A child build must not inherit the MSBuild of the build that started this test run.
        foreach (var inherited in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
