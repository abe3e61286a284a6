using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OcppLab.Domain.Chargers;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>
/// Reads and writes charger_states through a short-lived scope per call (the sessions are singletons);
/// live states go through the batched <see cref="LiveStateWriter"/>.
/// </summary>
internal sealed class ChargerStateStore(IServiceScopeFactory scopes, TimeProvider time, LiveStateWriter liveStates) : IChargerStateStore
{
    public void QueueLiveState(string chargerId, string liveStateJson) => liveStates.Submit(chargerId, liveStateJson);

    public Task FlushLiveStatesAsync(CancellationToken cancellationToken) => liveStates.FlushAsync(cancellationToken);

    public async Task<ChargerStoredState?> LoadAsync(string chargerId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OcppLabDbContext>();
        return await db.ChargerStates.AsNoTracking().FirstOrDefaultAsync(s => s.ChargerId == chargerId, cancellationToken);
    }

    public async Task SaveAsync(string chargerId, string configurationJson, string localAuthListJson, int localListVersion, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OcppLabDbContext>();
        var state = await db.ChargerStates.FirstOrDefaultAsync(s => s.ChargerId == chargerId, cancellationToken);
        if (state is null)
        {
            if (!await db.Chargers.AnyAsync(c => c.Id == chargerId, cancellationToken))
            {
                return;
            }

            state = ChargerStoredState.Create(chargerId, time.GetUtcNow());
            db.ChargerStates.Add(state);
        }

        state.Update(configurationJson, localAuthListJson, localListVersion, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
    }
}
