using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OcppLab.Api.Auth;

namespace OcppLab.Tests.Shared;

/// <summary>
/// A running gateway on a real loopback port (so its chargers reach its own sandbox CSMS), with a
/// SQLite database of its own that is deleted on dispose. Shared by the client test projects (one
/// source file linked into each: test projects do not reference each other); each adds the client
/// it tests on top.
/// </summary>
public abstract class LoopbackGateway : WebApplicationFactory<Program>
{
    private readonly string _name;
    private readonly string _database;

    /// <param name="name">Names the database file and the signing key, so runs of different projects never share them.</param>
    protected LoopbackGateway(string name)
    {
        _name = name;
        _database = Path.Combine(Path.GetTempPath(), "ocpplab-tests", $"{name}-{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(_database)!);
        UseKestrel(0);
    }

    /// <summary>The address the server listens on, as 127.0.0.1 (starts the server on first use).</summary>
    public Uri Address
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("://localhost:", "://127.0.0.1:", StringComparison.Ordinal).Replace("://[::]:", "://127.0.0.1:", StringComparison.Ordinal));
        }
    }

    public string SandboxUrl => $"ws://{Address.Authority}/sandbox/csms";

    /// <summary>A bearer token the gateway accepts, for a user or admin of <paramref name="organizationId"/>.</summary>
    protected string Token(string organizationId, string role) => Services.GetRequiredService<TokenIssuer>().Mint(organizationId, role);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Host settings: Program reads its configuration while registering services, before
        // ConfigureAppConfiguration callbacks would apply.
        builder.UseSetting("ConnectionStrings:OcppLab", $"Data Source={_database}");
        builder.UseSetting("Auth:SigningKey", $"{_name}-tests-signing-key-0123456789abcdef0123");
        builder.UseSetting("Workflows:PollInterval", "00:00:00.100");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" })
        {
            File.Delete(file);
        }

        GC.SuppressFinalize(this);
    }
}
