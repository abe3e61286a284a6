namespace OcppLab.Api.Auth;

/// <summary>
/// Creates (or checks) the generated signing key when the gateway starts rather than at the first request, so a
/// key file an earlier version left readable by others is tightened, and said so, right away.
/// </summary>
internal sealed class SigningKeyStartup(AuthOptions options, ILogger<SigningKeyStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = SigningKeys.Resolve(options, logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
