using OcppLab.Application.Logs;

namespace OcppLab.Application.Chargers.Queries.GetChargerStats;

/// <summary>
/// Per-action statistics of a running charger, kept in memory since its runtime (re)started.
/// Latency percentiles come from a compact histogram: within about 12 % of the exact value.
/// </summary>
public sealed record ChargerStatsResponse(
    string ChargerId,
    bool Running,
    DateTimeOffset? Since,
    ConnectionStats Connection,
    IReadOnlyList<ActionStats> Actions);

/// <summary>Connection figures since the runtime started: current uptime, total connected time, reconnects.</summary>
public sealed record ConnectionStats(
    DateTimeOffset? ConnectedAt,
    double UptimeSeconds,
    double TotalConnectedSeconds,
    int Connections,
    int Reconnects);

/// <summary>
/// One action in one direction. For the charger's CALLs (cp_to_csms) latency is the CSMS's answer
/// time; for the CSMS's CALLs (csms_to_cp) it is the time the charger took to answer.
/// </summary>
public sealed record ActionStats(
    string Action,
    LogDirectionName Direction,
    long Requests,
    long Responses,
    long Errors,
    long Timeouts,
    LatencyStats? LatencyMs);

public sealed record LatencyStats(double Min, double Avg, double P50, double P95, double P99, double Max);
