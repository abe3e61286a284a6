using OcppLab.Infrastructure.Ocpp.Protocol;

namespace OcppLab.Infrastructure.Ocpp.V16.Messages;

/// <summary>A 1.6 handler bound through <see cref="V16Json"/>: its request and response records are in that context.</summary>
internal abstract class V16CallHandler<TRequest, TResponse>() : CsmsCallHandler<V16Protocol, TRequest, TResponse>(V16Json.Default);
