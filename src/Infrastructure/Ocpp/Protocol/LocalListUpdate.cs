using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.ChargePoint.Settings;

namespace OcppLab.Infrastructure.Ocpp.Protocol;

/// <summary>
/// SendLocalList as both versions apply it (1.6 §5.15, 2.0.1 D01): the limits of the settings and the
/// list's outcome as the status text both versions answer. What differs (1.6 answers NotSupported when
/// the list is disabled, 2.0.1 Failed; the entries' shape) stays in each version's handler.
/// </summary>
internal static class LocalListUpdate
{
    /// <summary>More entries than one SendLocalList may carry (SendLocalListMaxLength) fail the update.</summary>
    public static bool TooLong(Domain.ChargePoint.ChargePoint model, int? entries) =>
        entries > model.Settings.GetInt(SettingsCatalog.SendLocalListMaxLength);

    /// <summary>The update applied within LocalAuthListMaxLength: Accepted, VersionMismatch or Failed.</summary>
    public static string Apply(Domain.ChargePoint.ChargePoint model, int version, bool full, IReadOnlyList<(string IdTag, IdTagInfo? Info)> entries) =>
        model.LocalList.Apply(version, full, entries, model.Settings.GetInt(SettingsCatalog.LocalAuthListMaxLength)) switch
        {
            UpdateOutcome.Accepted => "Accepted",
            UpdateOutcome.VersionMismatch => "VersionMismatch",
            _ => "Failed",
        };
}
