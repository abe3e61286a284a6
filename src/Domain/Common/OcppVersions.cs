namespace OcppLab.Domain.Common;

/// <summary>
/// Spellings of <see cref="OcppVersion"/>: <c>OCPP1.6</c> on resources, <c>ocpp1.6</c> inside
/// command payloads and as the WebSocket subprotocol. Input accepts either.
/// </summary>
public static class OcppVersions
{
    public const string Ocpp16 = "OCPP1.6";
    public const string Ocpp201 = "OCPP2.0.1";

    public static bool TryParse(string? text, out OcppVersion version)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "OCPP1.6":
            case "OCPP16":
            case "1.6":
                version = OcppVersion.V16;
                return true;
            case "OCPP2.0.1":
            case "OCPP201":
            case "2.0.1":
                version = OcppVersion.V201;
                return true;
            default:
                version = default;
                return false;
        }
    }

    /// <summary>Parses a spelling that was already validated; anything else is a programming error.</summary>
    public static OcppVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is not an OCPP version.");

    /// <summary>The resource spelling, e.g. <c>OCPP1.6</c>.</summary>
    public static string ToResourceName(this OcppVersion version) => version switch
    {
        OcppVersion.V16 => Ocpp16,
        OcppVersion.V201 => Ocpp201,
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, null),
    };

    /// <summary>The WebSocket subprotocol and command-payload spelling, e.g. <c>ocpp1.6</c>.</summary>
    public static string ToSubprotocol(this OcppVersion version) => version switch
    {
        OcppVersion.V16 => "ocpp1.6",
        OcppVersion.V201 => "ocpp2.0.1",
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, null),
    };
}
