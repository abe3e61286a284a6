using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OcppLab.Api.Auth;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.FunctionalTests.Infrastructure;

/// <summary>
/// The real gateway over a real database of its own (<see cref="TestDatabase"/>: a SQLite file in a
/// temporary folder, or a PostgreSQL database on the run's server), with fast workflow retries.
/// Several factories may share one database to simulate a restart or a second gateway instance:
/// pass the same <c>databasePath</c> (a file path on SQLite, a connection string on PostgreSQL);
/// whoever chose it deletes it.
/// With <c>kestrel</c> the gateway listens on a real loopback port (instead of the in-memory test
/// server), so that its chargers' WebSockets can reach its own sandbox CSMS (<see cref="SandboxUrl"/>).
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    public const string SigningKey = "functional-tests-signing-key-0123456789abcdef";
    public const string Issuer = "ocpplab-local";
    public const string Audience = "ocpplab-gateway";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureServices;
    private readonly bool _ownsDatabase;

    public GatewayFactory(
        string? databasePath = null,
        Action<IServiceCollection>? configureServices = null,
        IDictionary<string, string?>? settings = null,
        bool kestrel = false)
    {
        _ownsDatabase = databasePath is null;
        DatabasePath = databasePath ?? NewDatabasePath();
        Provider = TestDatabase.Provider;
        _configureServices = configureServices;
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = TestDatabase.Provider.ToString(),
            ["ConnectionStrings:OcppLab"] = TestDatabase.ConnectionString(DatabasePath),
            ["Auth:SigningKey"] = SigningKey,
            ["Auth:Issuer"] = Issuer,
            ["Auth:Audience"] = Audience,
            ["Workflows:PollInterval"] = "00:00:00.100",
            ["Workflows:RetryBaseDelay"] = "00:00:00.050",
            ["Workflows:RetryMaxDelay"] = "00:00:00.200",
            ["Workflows:LeaseDuration"] = "00:00:05",
            ["Serilog:MinimumLevel:Default"] = "Warning",

            // Tests make bursts of requests per tenant; the rate-limit tests set their own limits.
            ["RateLimiting:PermitsPerSecond"] = "100000",
            ["RateLimiting:Burst"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        if (kestrel)
        {
            UseKestrel(0);
        }
    }

    /// <summary>The database: a file path on SQLite, a connection string on PostgreSQL.</summary>
    public string DatabasePath { get; }

    public DatabaseProvider Provider { get; }

    /// <summary>The root of the gateway's real address (a Kestrel factory only), e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri ServerAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("The gateway has no real address: create the factory with kestrel: true.");
            return new Uri(address.Replace("://localhost:", "://127.0.0.1:", StringComparison.Ordinal).Replace("://[::]:", "://127.0.0.1:", StringComparison.Ordinal));
        }
    }

    /// <summary>The built-in sandbox CSMS as a charger's <c>ws_url</c> (a Kestrel factory only).</summary>
    public string SandboxUrl => $"ws://{ServerAddress.Authority}/sandbox/csms";

    /// <summary>A new database (see <see cref="TestDatabase.Create"/>).</summary>
    public static string NewDatabasePath() => TestDatabase.Create();

    /// <summary>Deletes a database (a file and its WAL companions, or a PostgreSQL database).</summary>
    public static void DeleteDatabase(string path) => TestDatabase.Delete(path);

    /// <summary>A context on <paramref name="databasePath"/> that needs no running gateway (to inspect or stage rows).</summary>
    public static OcppLabDbContext OpenDatabase(string databasePath) => TestDatabase.Open(databasePath);

    public TokenIssuer Tokens => Services.GetRequiredService<TokenIssuer>();

    /// <summary>An HTTP client with a token of <paramref name="organizationId"/>; an admin names the tenant with <paramref name="actAs"/>.</summary>
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

    /// <summary>An HTTP client that sends <paramref name="token"/> as is (or no Authorization header when null).</summary>
    public HttpClient ClientWithToken(string? token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Runs <paramref name="action"/> against the gateway's own database context.</summary>
    public async Task<T> WithDbAsync<T>(Func<OcppLabDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<OcppLabDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase)
        {
            DeleteDatabase(DatabasePath);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");

        // Program reads its configuration while it registers services, before the factory's
        // ConfigureAppConfiguration callbacks would apply; host settings are visible from the start.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => _configureServices?.Invoke(services));
    }
}
