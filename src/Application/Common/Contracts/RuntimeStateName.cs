using System.Text.Json.Serialization;

namespace OcppLab.Application.Common.Contracts;

/// <summary>Where the charger's OCPP session is right now.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RuntimeStateName>))]
public enum RuntimeStateName
{
    [JsonStringEnumMemberName("stopped")]
    Stopped,

    [JsonStringEnumMemberName("starting")]
    Starting,

    [JsonStringEnumMemberName("connecting")]
    Connecting,

    [JsonStringEnumMemberName("connected")]
    Connected,

    [JsonStringEnumMemberName("reconnecting")]
    Reconnecting,

    [JsonStringEnumMemberName("failed")]
    Failed,
}
