using System.Text.Json.Serialization;

namespace OcppLab.Application.Common.Contracts;

[JsonConverter(typeof(JsonStringEnumConverter<DesiredStateName>))]
public enum DesiredStateName
{
    [JsonStringEnumMemberName("stopped")]
    Stopped,

    [JsonStringEnumMemberName("running")]
    Running,
}
