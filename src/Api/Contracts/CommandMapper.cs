using OcppLab.Application.Simulator;
using Riok.Mapperly.Abstractions;

namespace OcppLab.Api.Contracts;

/// <summary>Command request bodies → the Application's target and event (each event fills its own fields).</summary>
[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Source)]
public static partial class CommandMapper
{
    public static partial CommandTarget? ToTarget(this CommandTargetRequest? target);

    public static partial CommandEvent? ToEvent(this ConnectorEvent? e);

    public static partial CommandEvent? ToEvent(this FaultEvent? e);

    public static partial CommandEvent? ToEvent(this IdTagEvent? e);

    public static partial CommandEvent? ToEvent(this StartTransactionEvent? e);

    public static partial CommandEvent? ToEvent(this StopTransactionEvent? e);

    public static partial CommandEvent? ToEvent(this StartSessionEvent? e);

    public static partial CommandEvent? ToEvent(this PowerUpdateEvent? e);

    public static partial CommandEvent? ToEvent(this ConfigurationEvent? e);

    public static partial CommandEvent? ToEvent(this LocalAuthListEvent? e);

    private static partial ConfigurationInput ToInput(ConfigurationItem item);

    private static partial LocalAuthEntryInput ToInput(LocalAuthEntry entry);
}
