namespace OcppLab.Infrastructure.Ocpp.Sandbox;

/// <summary>Section <c>Sandbox</c>: the built-in CSMS at <c>/sandbox/csms/{identity}</c>.</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    public bool Enabled { get; set; } = true;

    /// <summary>The heartbeat interval the sandbox gives in BootNotification responses, in seconds.</summary>
    public int HeartbeatInterval { get; set; } = 60;

    /// <summary>The largest message the sandbox reads (all fragments together); a larger one is closed with 1009.</summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Open sandbox connections per remote address; more are refused with 429 before the upgrade. The default lets
    /// a 10,000-charger fleet of this gateway (all from one address) use its own sandbox.
    /// </summary>
    public int MaxConnectionsPerAddress { get; set; } = 10_000;

    /// <summary>
    /// When true a handshake must authenticate: <c>Authorization: Bearer</c> with a token valid for this gateway, or
    /// Basic auth as a charger registered in this gateway with security profile 1 or 2 and its authorization key.
    /// </summary>
    public bool RequireToken { get; set; }
}
