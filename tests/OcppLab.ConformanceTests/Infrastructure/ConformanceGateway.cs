using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OcppLab.Api.Auth;
using Serilog.Core;

namespace OcppLab.ConformanceTests.Infrastructure;

/// <summary>
/// The real gateway, in process, over a SQLite file of its own. Its REST API is served by the test
/// server; the chargers it runs are real <c>ClientWebSocket</c>s that connect out to the strict CSMS
/// peer's port. Timeouts and back-off are short so that the suite stays fast.
/// </summary>
public sealed class ConformanceGateway : WebApplicationFactory<Program>
{
    private const string SigningKey = "conformance-tests-signing-key-0123456789abcdef";

    /// <summary>How long a charger's CALL waits for the CSMS (Ocpp:CallTimeout).</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    private readonly string _databasePath;

    public ConformanceGateway()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ocpplab-conformance");
        Directory.CreateDirectory(folder);
        _databasePath = Path.Combine(folder, $"{Guid.NewGuid():N}.db");
    }

    /// <summary>The gateway's recent log events (the OCPP runtime at Debug), for failure reports.</summary>
    public GatewayLogSink Logs { get; } = new();

    /// <summary>A client of a tenant of its own, so that tests sharing the gateway never see each other's chargers.</summary>
    public GatewayClient NewTenant()
    {
        var organization = $"conf-{Guid.NewGuid():N}"[..21];
        var client = CreateClient();
        var token = Services.GetRequiredService<TokenIssuer>().Mint(organization, Claims.UserRole);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new GatewayClient(client);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var file in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Still held open: left for the OS temp cleaner.
            }
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:OcppLab"] = $"Data Source={_databasePath}",
            ["Auth:SigningKey"] = SigningKey,
            ["Auth:Issuer"] = "ocpplab-local",
            ["Auth:Audience"] = "ocpplab-gateway",
            ["Workflows:PollInterval"] = "00:00:00.100",
            ["Workflows:RetryBaseDelay"] = "00:00:00.050",
            ["Workflows:RetryMaxDelay"] = "00:00:00.200",
            ["Workflows:LeaseDuration"] = "00:00:05",
            ["Ocpp:CallTimeout"] = CallTimeout.ToString("c"),
            ["Ocpp:ConnectTimeout"] = "00:00:05",
            ["Ocpp:CloseTimeout"] = "00:00:02",
            ["Ocpp:RebootDelay"] = "00:00:00.200",
            ["Ocpp:BootRetryInterval"] = "00:00:02",
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Serilog:MinimumLevel:Override:OcppLab.Infrastructure.Ocpp"] = "Debug",
            ["Serilog:WriteTo:0:Name"] = "Console",
            ["Serilog:WriteTo:0:Args:restrictedToMinimumLevel"] = "Warning",

            // Tests poll the API while they wait for something; the per-tenant rate limit is not under test here.
            ["RateLimiting:PermitsPerSecond"] = "100000",
            ["RateLimiting:Burst"] = "100000",
        };

        // Host settings are visible while Program registers its services (before app configuration).
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<ILogEventSink>(Logs));
    }
}
