using OcppLab.Application.Chargers.Commands.CreateCharger;
using OcppLab.Application.Chargers.Commands.UpdateCharger;
using OcppLab.Application.Locations.Commands.BulkCreateChargers;
using OcppLab.Application.Locations.Commands.CreateLocation;
using OcppLab.Application.Locations.Commands.UpdateLocation;
using Riok.Mapperly.Abstractions;

namespace OcppLab.Api.Contracts;

/// <summary>Request bodies → use-case messages (compile-time generated; an unmapped member fails the build).</summary>
[Mapper]
public static partial class RequestMapper
{
    public static partial CreateChargerCommand ToCommand(this CreateChargerRequest request);

    [MapperIgnoreTarget(nameof(UpdateChargerCommand.ChargerId))]
    private static partial UpdateChargerCommand MapUpdate(UpdateChargerRequest request);

    public static UpdateChargerCommand ToCommand(this UpdateChargerRequest request, string chargerId) =>
        MapUpdate(request) with { ChargerId = chargerId };

    public static partial CreateLocationCommand ToCommand(this CreateLocationRequest request);

    [MapperIgnoreTarget(nameof(UpdateLocationCommand.LocationId))]
    private static partial UpdateLocationCommand MapUpdate(UpdateLocationRequest request);

    public static UpdateLocationCommand ToCommand(this UpdateLocationRequest request, Guid locationId) =>
        MapUpdate(request) with { LocationId = locationId };

    private static partial BulkChargerSpec MapItem(BulkCreateChargersItem item);

    private static partial ChargerTemplate MapTemplate(ChargerTemplateRequest template);

    public static BulkCreateChargersCommand ToCommand(this IReadOnlyList<BulkCreateChargersItem?> items, Guid locationId) =>
        new(locationId, items.Select(i => i is null ? new BulkChargerSpec() : MapItem(i)).ToList());
}
