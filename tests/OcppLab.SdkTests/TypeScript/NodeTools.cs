using OcppLab.Tests.Shared;

namespace OcppLab.SdkTests.TypeScript;

/// <summary>
/// npm and the repository for the TypeScript SDK tests; the processes themselves run through
/// <see cref="ChildProcess"/> (tests/Shared, linked: a deadline per process, output kept for the failure message).
/// </summary>
public static class NodeTools
{
    /// <summary>The repository root: the folder above the test assembly that holds OcppLab.sln.</summary>
    public static string RepositoryRoot => ChildProcess.RepositoryRoot;

    public static string Npm => ChildProcess.FindOnPath("npm") ?? throw new InvalidOperationException("The TypeScript SDK tests need npm (Node.js 20 or later): 'npm' was not found on PATH.");
}
