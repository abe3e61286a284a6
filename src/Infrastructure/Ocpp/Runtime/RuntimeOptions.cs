namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>Section <c>Ocpp</c>: how the charge-point runtime behaves on the wire.</summary>
public sealed class RuntimeOptions
{
    public const string SectionName = "Ocpp";

    /// <summary>How long a CALL waits for its CALLRESULT/CALLERROR before it counts as timed out.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long opening the WebSocket (TCP, TLS, HTTP upgrade) may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Boot retry after a BootNotification that failed (timeout, CALLERROR) or when the CSMS gave interval 0.</summary>
    public TimeSpan BootRetryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a reboot (Reset, firmware update) keeps the charge point offline.</summary>
    public TimeSpan RebootDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a clean close waits for the CSMS's close frame, and how long a stop lets an opening
    /// handshake in progress finish (so that the connection is then closed, not abandoned half-open).
    /// </summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A PEM file with a CA certificate to trust for wss:// in a lab (security profile 2 against a
    /// CSMS with a private CA). Certificate validation stays on; this only adds a trust anchor.
    /// </summary>
    public string? TrustedCaCertificatePath { get; set; }

    /// <summary>The firmware version the simulated chargers report.</summary>
    public string FirmwareVersion { get; set; } = "OcppLab-1.0.0";

    /// <summary>How many chargers are started at once when the gateway recovers its fleet after a restart.</summary>
    public int RecoveryParallelism { get; set; } = 200;

    /// <summary>
    /// The largest OCPP frame, in UTF-8 bytes, in both directions. A larger frame from the CSMS is
    /// not read further: the connection is closed with 1009 (message too big), a warning logged and
    /// a body-less entry stored in the frame log. A larger frame of the charger is never sent (a
    /// proxy-message above it is a 422; an answer above it becomes a CALLERROR).
    /// </summary>
    public int MaxFrameBytes { get; set; } = DefaultMaxFrameBytes;

    public const int DefaultMaxFrameBytes = 1024 * 1024;
    public const int MinFrameBytes = 1024;
    public const int MaxFrameBytesLimit = 64 * 1024 * 1024;

    /// <summary>
    /// How often the live state of the chargers that changed is written (all of them in one
    /// SaveChanges). A charger's state is captured at most once per interval, so meter samples never
    /// cause a write each; a graceful stop writes the final state at once.
    /// </summary>
    public TimeSpan LiveStateFlushInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A charger stopped cleanly (gateway shutdown, handover) and started again within this long
    /// reconnects without a new BootNotification and continues its transactions; later, or after a
    /// crash, it boots and ends them with reason PowerLoss. Zero: always boot.
    /// </summary>
    public TimeSpan ResumeWithoutBootWithin { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The largest stored live state of one charger, in UTF-8 bytes. A larger one is written without the
    /// oldest queued periodic meter samples (counted in a warning); a stored one over it is not restored.
    /// </summary>
    public int LiveStateMaxBytes { get; set; } = DefaultLiveStateMaxBytes;

    public const int DefaultLiveStateMaxBytes = 1024 * 1024;
    public const int MinLiveStateBytes = 16 * 1024;
    public const int MaxLiveStateBytesLimit = 64 * 1024 * 1024;

    /// <summary>Receive buffer per connection, in bytes (small: thousands of chargers each hold one).</summary>
    public int ReceiveBufferSize { get; set; } = 4096;
}
