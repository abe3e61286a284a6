using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

namespace OcppLab.Infrastructure.Ocpp.V201.Authorization;

internal sealed record ClearCacheRequest;

internal sealed record ClearCacheResponse(string Status);

/// <summary>ClearCache (C11): empties the authorization cache, Rejected when the cache is disabled.</summary>
internal sealed class ClearCache : V201CallHandler<ClearCacheRequest, ClearCacheResponse>
{
    public override string Action => "ClearCache";

    protected override CallAnswer<ClearCacheResponse> Handle(V201Protocol protocol, ClearCacheRequest request) =>
        new ClearCacheResponse(protocol.ClearCache());
}
