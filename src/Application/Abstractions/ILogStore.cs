namespace OcppLab.Application.Abstractions;

/// <summary>Stored OCPP frames of chargers.</summary>
public interface ILogStore
{
    /// <summary>Deletes every stored frame of a charger; returns how many.</summary>
    Task<int> DeleteForChargerAsync(string chargerId, CancellationToken cancellationToken);
}
