using System.Text.Json.Serialization;

namespace OcppLab.Application.Common.Contracts;

[JsonConverter(typeof(JsonStringEnumConverter<StepStatusName>))]
public enum StepStatusName
{
    [JsonStringEnumMemberName("PENDING")]
    Pending,

    [JsonStringEnumMemberName("RUNNING")]
    Running,

    [JsonStringEnumMemberName("SUCCEEDED")]
    Succeeded,

    [JsonStringEnumMemberName("FAILED")]
    Failed,
}
