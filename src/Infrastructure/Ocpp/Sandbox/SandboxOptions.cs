namespace OcppLab.Infrastructure.Ocpp.Sandbox;

/// <summary>Section <c>Sandbox</c>: the built-in CSMS at <c>/sandbox/csms/{identity}</c>.</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    public bool Enabled { get; set; } = true;

    /// <summary>The heartbeat interval the sandbox gives in BootNotification responses, in seconds.</summary>
    public int HeartbeatInterval { get; set; } = 60;
}
