using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OcppLab.Api.Auth;
using OcppLab.Client;

namespace OcppLab.NSwagTests;

/// <summary>
/// A running gateway on a real loopback port (so its chargers reach its own sandbox CSMS), and clients
/// of the packed OcppLab.Client built the way its README says, with <see cref="OcppLabClientFactory"/>.
/// </summary>
public sealed class NSwagGateway : WebApplicationFactory<Program>
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), "ocpplab-tests", $"nswag-{Guid.NewGuid():N}.db");

    public NSwagGateway()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_database)!);
        UseKestrel(0);
    }

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

    /// <summary>A client authenticated as a user of <paramref name="organizationId"/>.</summary>
    public OcppLabClient UserClient(string organizationId) =>
        OcppLabClientFactory.Create(Address, Token(organizationId, Claims.UserRole));

    /// <summary>A client with an admin token that names <paramref name="tenant"/> with X-Organization-Id (none when null).</summary>
    public OcppLabClient AdminClient(string? tenant) =>
        OcppLabClientFactory.Create(Address, Token("operators", Claims.AdminRole), tenant);

    private string Token(string organizationId, string role) => Services.GetRequiredService<TokenIssuer>().Mint(organizationId, role);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Host settings: Program reads its configuration while registering services, before
        // ConfigureAppConfiguration callbacks would apply.
        builder.UseSetting("ConnectionStrings:OcppLab", $"Data Source={_database}");
        builder.UseSetting("Auth:SigningKey", "nswag-tests-signing-key-0123456789abcdef0123");
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
    }
}
