namespace OcppLab.Infrastructure.Network;

/// <summary>
/// A connection the outbound policy does not allow. An <see cref="HttpRequestException"/> (connection
/// error), so any HTTP client sees it as the connection failure it is; the session reports only
/// <see cref="Reason"/> to API clients, the details (host, addresses, rule) go to the operator's log.
/// </summary>
public sealed class OutboundPolicyDeniedException(string host, int port, string details)
    : HttpRequestException(HttpRequestError.ConnectionError, $"{host}:{port} is {Reason}: {details}.")
{
    /// <summary>What <c>runtime.last_error</c> says: nothing about which addresses exist or answer.</summary>
    public const string Reason = "denied by the outbound policy";

    public string Host { get; } = host;

    public int Port { get; } = port;
}
