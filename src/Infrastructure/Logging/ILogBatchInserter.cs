using OcppLab.Domain.Logs;

namespace OcppLab.Infrastructure.Logging;

/// <summary>Writes a batch of frames in one transaction, the fastest way the provider allows.</summary>
internal interface ILogBatchInserter : IAsyncDisposable
{
    Task InsertAsync(IReadOnlyList<ChargerLog> batch, CancellationToken cancellationToken);
}
