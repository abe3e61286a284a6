using System.Text.Json.Serialization;

namespace OcppLab.Application.Common.Contracts;

[JsonConverter(typeof(JsonStringEnumConverter<ProvisioningStatusName>))]
public enum ProvisioningStatusName
{
    [JsonStringEnumMemberName("PENDING")]
    Pending,

    [JsonStringEnumMemberName("PROVISIONING")]
    Provisioning,

    [JsonStringEnumMemberName("READY")]
    Ready,

    [JsonStringEnumMemberName("FAILED")]
    Failed,
}
