using Microsoft.EntityFrameworkCore;
using OcppLab.Application.Abstractions;
using OcppLab.Domain.Provisioning;

namespace OcppLab.Infrastructure.Persistence.Repositories;

internal sealed class LocationJobRepository(OcppLabDbContext db) : ILocationJobRepository
{
    public Task<LocationJob?> GetAsync(string organizationId, Guid locationId, Guid jobId, CancellationToken cancellationToken) =>
        db.LocationJobs.AsNoTracking()
            .FirstOrDefaultAsync(j => j.Id == jobId && j.LocationId == locationId && j.OrganizationId == organizationId, cancellationToken);

    public void Add(LocationJob job) => db.LocationJobs.Add(job);
}
