using System.Text.Json;
using System.Text.Json.Serialization;

namespace OcppLab.Client;

/// <summary>
/// How the generated client reads and writes JSON. It validates what it reads against the document:
/// a required property that is missing fails (C# <c>required</c> members), and so does a null where the
/// document says the value is never null (<see cref="JsonSerializerOptions.RespectNullableAnnotations"/>),
/// instead of a silent default that would surface later as a wrong value.
/// </summary>
public partial class OcppLabClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings)
    {
        settings.RespectNullableAnnotations = true;
        // A property the caller did not set is not sent: on PUT only the fields given change, and a
        // null there would be a field given.
        settings.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    }
}
