using System.Net;
using System.Net.Sockets;
using OcppLab.Application.Abstractions;

namespace OcppLab.Infrastructure.Network;

/// <summary>
/// Opens the TCP connections of every HTTP handler the simulated chargers use, through the
/// outbound policy: the host is resolved here, each address is checked, and the socket connects to
/// a checked <see cref="IPAddress"/>, never to a name. Checking a name before handing it to the
/// handler would be undone by DNS rebinding (the handler resolves again, and a short-lived record
/// may then point at 169.254.169.254); checking the address connected to cannot be.
/// </summary>
public sealed class OutboundConnector(IOutboundPolicy policy)
{
    /// <summary>
    /// Puts <paramref name="handler"/>'s connections under the policy. Proxies are switched off: a
    /// proxy connects on our behalf to whatever it is asked, where no check can see the address.
    /// </summary>
    public SocketsHttpHandler Govern(SocketsHttpHandler handler)
    {
        handler.UseProxy = false;
        handler.Proxy = null;
        handler.ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken);
        return handler;
    }

    /// <summary>
    /// Connects to the first allowed address of <paramref name="host"/> that accepts, in the order
    /// DNS returned them. Throws <see cref="OutboundPolicyDeniedException"/> when no address is allowed.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var addresses = await AllowedAddressesAsync(host, port, cancellationToken);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }

    /// <summary>The addresses of <paramref name="host"/> the policy allows, resolved once; never empty.</summary>
    internal async Task<IReadOnlyList<IPAddress>> AllowedAddressesAsync(string host, int port, CancellationToken cancellationToken)
    {
        var value = OutboundRule.Unbracket(host);
        IPAddress[] candidates;
        if (IPAddress.TryParse(value, out var literal))
        {
            candidates = [literal];
        }
        else if (!policy.AllowsHost(value))
        {
            throw new OutboundPolicyDeniedException(host, port, "the host name is denied");
        }
        else
        {
            candidates = await Dns.GetHostAddressesAsync(value, cancellationToken);
        }

        if (candidates.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        var name = literal is null ? value : null;
        var allowed = candidates.Where(a => policy.Allows(a, name)).ToList();
        if (allowed.Count == 0)
        {
            var why = policy is OutboundPolicy rules ? $" ({candidates[0]}: {rules.Decide(candidates[0], name)})" : string.Empty;
            throw new OutboundPolicyDeniedException(
                host, port, $"no allowed address among {string.Join(", ", candidates.Select(a => a.ToString()))}{why}");
        }

        return allowed;
    }
}
