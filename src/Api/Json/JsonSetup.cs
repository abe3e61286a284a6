using System.Text.Json;
using System.Text.Json.Serialization;

namespace OcppLab.Api.Json;

/// <summary>One JSON shape for the whole REST API: snake_case, enums as strings, UTC timestamps with Z and three fraction digits.</summary>
public static class JsonSetup
{
    public static void Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;

        // OCPP frames are JSON inside JSON: keep their quotes readable (\" rather than \u0022).
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.DictionaryKeyPolicy = null;

        // A number is a number: "5" where an integer is expected is a 422, and the OpenAPI
        // document says integer (not integer-or-string).
        options.NumberHandling = JsonNumberHandling.Strict;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.Converters.Add(new UtcDateTimeOffsetConverter());
        options.Converters.Add(new UtcDateTimeConverter());
    }

    public static IServiceCollection AddGatewayJson(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => Apply(o.SerializerOptions));
        services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(o => Apply(o.JsonSerializerOptions));
        return services;
    }
}
