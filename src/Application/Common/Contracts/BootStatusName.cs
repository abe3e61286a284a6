using System.Text.Json.Serialization;

namespace OcppLab.Application.Common.Contracts;

/// <summary>The CSMS's answer to the last BootNotification.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BootStatusName>))]
public enum BootStatusName
{
    [JsonStringEnumMemberName("Accepted")]
    Accepted,

    [JsonStringEnumMemberName("Pending")]
    Pending,

    [JsonStringEnumMemberName("Rejected")]
    Rejected,
}
