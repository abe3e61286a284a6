using System.Text.Json.Nodes;

namespace OcppLab.Infrastructure.Ocpp.Protocol;

/// <summary>
/// Answers one CSMS-initiated action of one OCPP version: one class per action, in the folder of its
/// 1.6 feature profile or 2.0.1 functional block. <typeparamref name="TProtocol"/> is the version's
/// per-session protocol, which owns the session's protocol state; handlers are stateless.
/// </summary>
public interface ICsmsCallHandler<in TProtocol>
    where TProtocol : OcppProtocol
{
    /// <summary>The action as it appears in the CALL (e.g. <c>GetConfiguration</c>).</summary>
    string Action { get; }

    /// <summary>Answers a CALL whose payload already passed schema validation.</summary>
    CallReply Handle(TProtocol protocol, JsonObject payload);
}
