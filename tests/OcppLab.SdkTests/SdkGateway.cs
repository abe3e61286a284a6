using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using OcppLab.Api.Auth;
using OcppLab.Sdk;

namespace OcppLab.SdkTests;

/// <summary>A running gateway on a real loopback port (so its chargers reach its sandbox CSMS) and a generated client for it.</summary>
public sealed class SdkGateway : WebApplicationFactory<Program>
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), "ocpplab-tests", $"sdk-{Guid.NewGuid():N}.db");

    public SdkGateway()
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

    /// <summary>The generated client, authenticated as a user of <paramref name="organizationId"/>.</summary>
    public OcppLabClient ClientFor(string organizationId)
    {
        var http = new HttpClient { BaseAddress = Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", Services.GetRequiredService<TokenIssuer>().Mint(organizationId, Claims.UserRole));
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = Address.ToString().TrimEnd('/'),
        };
        return new OcppLabClient(adapter);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Host settings: Program reads its configuration while registering services, before
        // ConfigureAppConfiguration callbacks would apply.
        builder.UseSetting("ConnectionStrings:OcppLab", $"Data Source={_database}");
        builder.UseSetting("Auth:SigningKey", "sdk-tests-signing-key-0123456789abcdef0123");
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
