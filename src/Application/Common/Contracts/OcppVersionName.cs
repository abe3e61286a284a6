using System.Text.Json.Serialization;
using OcppLab.Domain.Common;

namespace OcppLab.Application.Common.Contracts;

/// <summary>OCPP version as spelled on resources.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OcppVersionName>))]
public enum OcppVersionName
{
    [JsonStringEnumMemberName(OcppVersions.Ocpp16)]
    Ocpp16,

    [JsonStringEnumMemberName(OcppVersions.Ocpp201)]
    Ocpp201,
}
