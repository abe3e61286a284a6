using OcppLab.Infrastructure.Ocpp.Protocol;

namespace OcppLab.Infrastructure.Ocpp.V201.Messages;

/// <summary>A 2.0.1 handler bound through <see cref="V201Json"/>: its request and response records are in that context.</summary>
internal abstract class V201CallHandler<TRequest, TResponse>() : CsmsCallHandler<V201Protocol, TRequest, TResponse>(V201Json.Default);
