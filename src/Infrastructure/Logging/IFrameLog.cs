using OcppLab.Domain.Logs;

namespace OcppLab.Infrastructure.Logging;

/// <summary>
/// Where the OCPP sessions hand every frame they send or receive. Never blocks and never waits
/// on the database: entries go to a bounded in-memory queue drained by the batched writer.
/// </summary>
public interface IFrameLog
{
    void Record(ChargerLog entry);
}
