using Microsoft.EntityFrameworkCore;
using OcppLab.Application.Abstractions;

namespace OcppLab.Infrastructure.Persistence.Repositories;

internal sealed class LogStore(OcppLabDbContext db) : ILogStore
{
    public Task<int> DeleteForChargerAsync(string chargerId, CancellationToken cancellationToken) =>
        db.ChargerLogs.Where(l => l.ChargerId == chargerId).ExecuteDeleteAsync(cancellationToken);
}
