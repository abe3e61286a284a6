using OcppLab.Domain.Provisioning;

namespace OcppLab.Application.Abstractions;

public interface ILocationJobRepository
{
    Task<LocationJob?> GetAsync(string organizationId, Guid locationId, Guid jobId, CancellationToken cancellationToken);

    void Add(LocationJob job);
}
