using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OcppLab.Api.Auth;

namespace OcppLab.FunctionalTests.Infrastructure;

/// <summary>
/// The real gateway over a real SQLite file of its own (in a temporary folder), with fast
/// workflow retries. Several factories may share one database file to simulate a restart or a
/// second gateway instance.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    public const string SigningKey = "functional-tests-signing-key-0123456789abcdef";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureServices;

    public GatewayFactory(string? databasePath = null, Action<IServiceCollection>? configureServices = null, IDictionary<string, string?>? settings = null)
    {
        DatabasePath = databasePath ?? NewDatabasePath();
        _configureServices = configureServices;
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:OcppLab"] = $"Data Source={DatabasePath}",
            ["Auth:SigningKey"] = SigningKey,
            ["Auth:Issuer"] = "ocpplab-local",
            ["Auth:Audience"] = "ocpplab-gateway",
            ["Workflows:PollInterval"] = "00:00:00.100",
            ["Workflows:RetryBaseDelay"] = "00:00:00.050",
            ["Workflows:RetryMaxDelay"] = "00:00:00.200",
            ["Workflows:LeaseDuration"] = "00:00:05",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string DatabasePath { get; }

    public static string NewDatabasePath()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ocpplab-tests");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"{Guid.NewGuid():N}.db");
    }

    public TokenIssuer Tokens => Services.GetRequiredService<TokenIssuer>();

    /// <summary>An HTTP client acting as a user of <paramref name="organizationId"/>.</summary>
    public HttpClient ClientFor(string organizationId, string role = Claims.UserRole, string? actAs = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Mint(organizationId, role));
        if (actAs is not null)
        {
            client.DefaultRequestHeaders.Add(Claims.OrganizationHeader, actAs);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(_settings));
        builder.ConfigureTestServices(services => _configureServices?.Invoke(services));
    }
}
