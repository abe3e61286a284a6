using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V16.Messages;

namespace OcppLab.Infrastructure.Ocpp.V16.Core;

internal sealed record ClearCacheRequest;

internal sealed record ClearCacheResponse(string Status);

/// <summary>ClearCache (1.6 §5.4): empties the authorization cache, Rejected when the cache is disabled.</summary>
internal sealed class ClearCache : V16CallHandler<ClearCacheRequest, ClearCacheResponse>
{
    public override string Action => "ClearCache";

    protected override CallAnswer<ClearCacheResponse> Handle(V16Protocol protocol, ClearCacheRequest request) =>
        new ClearCacheResponse(protocol.ClearCache());
}
