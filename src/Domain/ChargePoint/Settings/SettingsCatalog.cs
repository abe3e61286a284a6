using System.Globalization;
using OcppLab.Domain.Common;

namespace OcppLab.Domain.ChargePoint.Settings;

/// <summary>
/// Every configuration key (1.6) and device-model variable (2.0.1) the simulated charge point has,
/// with factory defaults, mutability and reboot rules.
/// </summary>
public static class SettingsCatalog
{
    public static IReadOnlyList<string> Measurands { get; } =
    [
        "Current.Export", "Current.Import", "Current.Offered", "Energy.Active.Export.Register", "Energy.Active.Import.Register",
        "Energy.Reactive.Export.Register", "Energy.Reactive.Import.Register", "Energy.Active.Export.Interval",
        "Energy.Active.Import.Interval", "Energy.Reactive.Export.Interval", "Energy.Reactive.Import.Interval", "Frequency",
        "Power.Active.Export", "Power.Active.Import", "Power.Factor", "Power.Offered", "Power.Reactive.Export",
        "Power.Reactive.Import", "RPM", "SoC", "Temperature", "Voltage",
    ];

    public const string HeartbeatInterval = "HeartbeatInterval";
    public const string ConnectionTimeOut = "ConnectionTimeOut";
    public const string MeterValueSampleInterval = "MeterValueSampleInterval";
    public const string MeterValuesSampledData = "MeterValuesSampledData";
    public const string StopTxnSampledData = "StopTxnSampledData";
    public const string TxStartedMeasurands = "SampledDataCtrlr.TxStartedMeasurands";
    public const string AuthorizeRemoteTxRequests = "AuthorizeRemoteTxRequests";
    public const string LocalAuthorizeOffline = "LocalAuthorizeOffline";
    public const string LocalPreAuthorize = "LocalPreAuthorize";
    public const string AllowOfflineTxForUnknownId = "AllowOfflineTxForUnknownId";
    public const string AuthorizationCacheEnabled = "AuthorizationCacheEnabled";
    public const string LocalAuthListEnabled = "LocalAuthListEnabled";
    public const string StopTransactionOnEVSideDisconnect = "StopTransactionOnEVSideDisconnect";
    public const string StopTransactionOnInvalidId = "StopTransactionOnInvalidId";
    public const string TransactionMessageAttempts = "TransactionMessageAttempts";
    public const string TransactionMessageRetryInterval = "TransactionMessageRetryInterval";
    public const string WebSocketPingInterval = "WebSocketPingInterval";
    public const string AuthorizationKey = "AuthorizationKey";
    public const string RetryBackOffWaitMinimum = "OCPPCommCtrlr.RetryBackOffWaitMinimum";
    public const string RetryBackOffRandomRange = "OCPPCommCtrlr.RetryBackOffRandomRange";
    public const string RetryBackOffRepeatTimes = "OCPPCommCtrlr.RetryBackOffRepeatTimes";
    public const string MessageTimeout = "OCPPCommCtrlr.MessageTimeout";
    public const string SendLocalListMaxLength = "SendLocalListMaxLength";
    public const string LocalAuthListMaxLength = "LocalAuthListMaxLength";
    public const string GetConfigurationMaxKeys = "GetConfigurationMaxKeys";
    public const string ChargeProfileMaxStackLevel = "ChargeProfileMaxStackLevel";
    public const string ChargingScheduleMaxPeriods = "ChargingScheduleMaxPeriods";
    public const string MaxChargingProfilesInstalled = "MaxChargingProfilesInstalled";
    public const string ReserveConnectorZeroSupported = "ReserveConnectorZeroSupported";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static IReadOnlyList<SettingDefinition> All { get; } =
    [
        Rw(HeartbeatInterval, "OCPPCommCtrlr", "HeartbeatInterval", SettingType.Integer, _ => "300") with { MinInteger = 1 },
        Rw(ConnectionTimeOut, "TxCtrlr", "EVConnectionTimeOut", SettingType.Integer, _ => "60") with { MinInteger = 1 },
        Rw(MeterValueSampleInterval, "SampledDataCtrlr", "TxUpdatedInterval", SettingType.Integer, _ => "60"),
        Rw("ClockAlignedDataInterval", "AlignedDataCtrlr", "Interval", SettingType.Integer, _ => "0"),
        Rw(MeterValuesSampledData, "SampledDataCtrlr", "TxUpdatedMeasurands", SettingType.MemberList, DefaultSampled) with { AllowedValues = Measurands },
        Rw("MeterValuesAlignedData", "AlignedDataCtrlr", "Measurands", SettingType.MemberList, _ => "Energy.Active.Import.Register") with { AllowedValues = Measurands },
        Rw(StopTxnSampledData, "SampledDataCtrlr", "TxEndedMeasurands", SettingType.MemberList, _ => "Energy.Active.Import.Register") with { AllowedValues = Measurands },
        Rw("StopTxnAlignedData", "AlignedDataCtrlr", "TxEndedMeasurands", SettingType.MemberList, _ => string.Empty) with { AllowedValues = Measurands },
        Only201(TxStartedMeasurands, "SampledDataCtrlr", "TxStartedMeasurands", SettingType.MemberList, _ => "Energy.Active.Import.Register") with { AllowedValues = Measurands },
        Only201("SampledDataCtrlr.TxEndedInterval", "SampledDataCtrlr", "TxEndedInterval", SettingType.Integer, _ => "0"),
        Only201("SampledDataCtrlr.Enabled", "SampledDataCtrlr", "Enabled", SettingType.Boolean, _ => "true"),
        Only201("AlignedDataCtrlr.Enabled", "AlignedDataCtrlr", "Enabled", SettingType.Boolean, _ => "true"),
        Rw(AuthorizeRemoteTxRequests, "AuthCtrlr", "AuthorizeRemoteStart", SettingType.Boolean, _ => "false"),
        Rw(LocalAuthorizeOffline, "AuthCtrlr", "LocalAuthorizeOffline", SettingType.Boolean, _ => "true"),
        Rw(LocalPreAuthorize, "AuthCtrlr", "LocalPreAuthorize", SettingType.Boolean, _ => "false"),
        Rw(AllowOfflineTxForUnknownId, "AuthCtrlr", "OfflineTxForUnknownIdEnabled", SettingType.Boolean, _ => "false"),
        Only201("AuthCtrlr.Enabled", "AuthCtrlr", "Enabled", SettingType.Boolean, _ => "true"),
        Rw(AuthorizationCacheEnabled, "AuthCacheCtrlr", "Enabled", SettingType.Boolean, _ => "true"),
        Rw(LocalAuthListEnabled, "LocalAuthListCtrlr", "Enabled", SettingType.Boolean, _ => "true"),
        Only201("LocalAuthListCtrlr.Entries", "LocalAuthListCtrlr", "Entries", SettingType.Integer, _ => "0") with
        {
            Mutability = Mutability.ReadOnly,
            Live = cp => Int(cp.LocalList.Count),
        },
        Rw(StopTransactionOnEVSideDisconnect, "TxCtrlr", "StopTxOnEVSideDisconnect", SettingType.Boolean, _ => "true"),
        Rw(StopTransactionOnInvalidId, "TxCtrlr", "StopTxOnInvalidId", SettingType.Boolean, _ => "true"),
        Only201("TxCtrlr.TxStartPoint", "TxCtrlr", "TxStartPoint", SettingType.Text, _ => "PowerPathClosed") with { Mutability = Mutability.ReadOnly },
        Only201("TxCtrlr.TxStopPoint", "TxCtrlr", "TxStopPoint", SettingType.Text, _ => "EVConnected,Authorized") with { Mutability = Mutability.ReadOnly },
        Rw("UnlockConnectorOnEVSideDisconnect", "OCPPCommCtrlr", "UnlockOnEVSideDisconnect", SettingType.Boolean, _ => "true"),
        Rw(TransactionMessageAttempts, "OCPPCommCtrlr", "MessageAttempts", SettingType.Integer, _ => "3") with { Instance = "TransactionEvent", MinInteger = 1 },
        Rw(TransactionMessageRetryInterval, "OCPPCommCtrlr", "MessageAttemptInterval", SettingType.Integer, _ => "60") with { Instance = "TransactionEvent" },
        Rw("ResetRetries", "OCPPCommCtrlr", "ResetRetries", SettingType.Integer, _ => "3"),
        Rw(WebSocketPingInterval, "OCPPCommCtrlr", "WebSocketPingInterval", SettingType.Integer, _ => "0") with { RebootRequired = true },
        Only201(MessageTimeout, "OCPPCommCtrlr", "MessageTimeout", SettingType.Integer, _ => "30") with { Instance = "Default", Mutability = Mutability.ReadOnly },
        Only201("OCPPCommCtrlr.OfflineThreshold", "OCPPCommCtrlr", "OfflineThreshold", SettingType.Integer, _ => "60"),
        Only201("OCPPCommCtrlr.NetworkConfigurationPriority", "OCPPCommCtrlr", "NetworkConfigurationPriority", SettingType.Text, _ => "0"),
        Only201("OCPPCommCtrlr.NetworkProfileConnectionAttempts", "OCPPCommCtrlr", "NetworkProfileConnectionAttempts", SettingType.Integer, _ => "3"),
        Only201(RetryBackOffWaitMinimum, "OCPPCommCtrlr", "RetryBackOffWaitMinimum", SettingType.Integer, _ => "1"),
        Only201(RetryBackOffRandomRange, "OCPPCommCtrlr", "RetryBackOffRandomRange", SettingType.Integer, _ => "2"),
        Only201(RetryBackOffRepeatTimes, "OCPPCommCtrlr", "RetryBackOffRepeatTimes", SettingType.Integer, _ => "5"),
        Ro16(GetConfigurationMaxKeys, _ => "100"),
        Ro16("NumberOfConnectors", spec => Int(spec.ConnectorCount)),
        Ro16("SupportedFeatureProfiles", _ => "Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger"),
        Rw("ConnectorPhaseRotation", null, null, SettingType.Text, spec => string.Join(',', Enumerable.Range(0, spec.ConnectorCount + 1).Select(i => $"{i}.NotApplicable"))),
        Ro16(LocalAuthListMaxLength, _ => "1000"),
        Ro(SendLocalListMaxLength, "LocalAuthListCtrlr", "ItemsPerMessage", _ => "100"),
        Ro(ReserveConnectorZeroSupported, "ReservationCtrlr", "NonEvseSpecific", _ => "true") with { Type = SettingType.Boolean },
        Only201("ReservationCtrlr.Enabled", "ReservationCtrlr", "Enabled", SettingType.Boolean, _ => "true") with { Mutability = Mutability.ReadOnly },
        Ro(ChargeProfileMaxStackLevel, "SmartChargingCtrlr", "ProfileStackLevel", _ => "8") with { Type = SettingType.Integer },
        Ro("ChargingScheduleAllowedChargingRateUnit", "SmartChargingCtrlr", "RateUnit", spec => spec.Version == OcppVersion.V16 ? "Current,Power" : "A,W"),
        Ro(ChargingScheduleMaxPeriods, "SmartChargingCtrlr", "PeriodsPerSchedule", _ => "24") with { Type = SettingType.Integer },
        Ro16(MaxChargingProfilesInstalled, _ => "10"),
        Only201("SmartChargingCtrlr.Enabled", "SmartChargingCtrlr", "Enabled", SettingType.Boolean, _ => "true") with { Mutability = Mutability.ReadOnly },
        Only201("SmartChargingCtrlr.Entries", "SmartChargingCtrlr", "Entries", SettingType.Integer, _ => "0") with
        {
            Instance = "ChargingProfiles",
            Mutability = Mutability.ReadOnly,
            Live = cp => Int(cp.Profiles.Count),
        },
        new SettingDefinition
        {
            Name = AuthorizationKey,
            Key16 = AuthorizationKey,
            Component = "SecurityCtrlr",
            Variable = "BasicAuthPassword",
            Mutability = Mutability.WriteOnly,
            Type = SettingType.Text,
            Default = _ => string.Empty,
        },
        new SettingDefinition
        {
            Name = "SecurityProfile",
            Key16 = "SecurityProfile",
            Component = "SecurityCtrlr",
            Variable = "SecurityProfile",
            Mutability = Mutability.ReadOnly,
            Type = SettingType.Integer,
            Default = spec => Int(spec.SecurityProfile),
        },
        Only201("SecurityCtrlr.Identity", "SecurityCtrlr", "Identity", SettingType.Text, spec => spec.Identity) with { Mutability = Mutability.ReadOnly },
        Only201("SecurityCtrlr.OrganizationName", "SecurityCtrlr", "OrganizationName", SettingType.Text, _ => "OcppLab"),
        Only201("ClockCtrlr.DateTime", "ClockCtrlr", "DateTime", SettingType.Text, _ => string.Empty) with
        {
            Mutability = Mutability.ReadOnly,
            Live = cp => cp.Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        },
        Only201("ClockCtrlr.TimeSource", "ClockCtrlr", "TimeSource", SettingType.Text, _ => "Heartbeat"),
        Only201("DeviceDataCtrlr.ItemsPerMessage.GetReport", "DeviceDataCtrlr", "ItemsPerMessage", SettingType.Integer, _ => "100") with { Instance = "GetReport", Mutability = Mutability.ReadOnly },
        Only201("DeviceDataCtrlr.ItemsPerMessage.GetVariables", "DeviceDataCtrlr", "ItemsPerMessage", SettingType.Integer, _ => "50") with { Instance = "GetVariables", Mutability = Mutability.ReadOnly },
        Only201("DeviceDataCtrlr.ItemsPerMessage.SetVariables", "DeviceDataCtrlr", "ItemsPerMessage", SettingType.Integer, _ => "50") with { Instance = "SetVariables", Mutability = Mutability.ReadOnly },
        Only201("DeviceDataCtrlr.BytesPerMessage.GetReport", "DeviceDataCtrlr", "BytesPerMessage", SettingType.Integer, _ => "65000") with { Instance = "GetReport", Mutability = Mutability.ReadOnly },
        Only201("ChargingStation.Model", "ChargingStation", "Model", SettingType.Text, spec => spec.Model) with { Mutability = Mutability.ReadOnly },
        Only201("ChargingStation.VendorName", "ChargingStation", "VendorName", SettingType.Text, spec => spec.VendorName) with { Mutability = Mutability.ReadOnly },
        Only201("ChargingStation.SupplyPhases", "ChargingStation", "SupplyPhases", SettingType.Integer, spec => spec.IsDc ? "0" : "3") with { Mutability = Mutability.ReadOnly },
        Only201("ChargingStation.Available", "ChargingStation", "Available", SettingType.Boolean, _ => "true") with { Mutability = Mutability.ReadOnly },
        Only201("ChargingStation.AvailabilityState", "ChargingStation", "AvailabilityState", SettingType.Text, _ => "Available") with
        {
            Mutability = Mutability.ReadOnly,
            Live = cp => cp.StationOperative ? "Available" : "Unavailable",
        },
    ];

    private static readonly Dictionary<string, SettingDefinition> ByName = All.ToDictionary(d => d.Name, StringComparer.Ordinal);

    public static SettingDefinition? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>1.6 keys are case-insensitive in practice; the standard spells them in PascalCase.</summary>
    public static SettingDefinition? FindKey16(string key) =>
        All.FirstOrDefault(d => d.Key16 is not null && string.Equals(d.Key16, key, StringComparison.OrdinalIgnoreCase));

    public static SettingDefinition? FindVariable(string component, string variable, string? instance) =>
        All.FirstOrDefault(d => d.ExistsIn201
            && string.Equals(d.Component, component, StringComparison.OrdinalIgnoreCase)
            && string.Equals(d.Variable, variable, StringComparison.OrdinalIgnoreCase)
            && string.Equals(d.Instance ?? string.Empty, instance ?? string.Empty, StringComparison.OrdinalIgnoreCase));

    public static bool IsKnownComponent(string component) =>
        All.Any(d => string.Equals(d.Component, component, StringComparison.OrdinalIgnoreCase));

    private static string DefaultSampled(ChargePointSpec spec) =>
        spec.IsDc ? "Energy.Active.Import.Register,Power.Active.Import,SoC" : "Energy.Active.Import.Register,Power.Active.Import";

    private static SettingDefinition Rw(string key16, string? component, string? variable, SettingType type, Func<ChargePointSpec, string> @default) => new()
    {
        Name = key16,
        Key16 = key16,
        Component = component,
        Variable = variable,
        Type = type,
        Default = @default,
    };

    private static SettingDefinition Only201(string name, string component, string variable, SettingType type, Func<ChargePointSpec, string> @default) => new()
    {
        Name = name,
        Component = component,
        Variable = variable,
        Type = type,
        Default = @default,
    };

    private static SettingDefinition Ro16(string key16, Func<ChargePointSpec, string> @default) => new()
    {
        Name = key16,
        Key16 = key16,
        Type = SettingType.Text,
        Mutability = Mutability.ReadOnly,
        Default = @default,
    };

    private static SettingDefinition Ro(string key16, string component, string variable, Func<ChargePointSpec, string> @default) => new()
    {
        Name = key16,
        Key16 = key16,
        Component = component,
        Variable = variable,
        Type = SettingType.Text,
        Mutability = Mutability.ReadOnly,
        Default = @default,
    };
}
