namespace OcppLab.Domain.Chargers;

/// <summary>What the user asked the runtime to be; persisted so it survives a process restart.</summary>
public enum DesiredState
{
    Stopped = 0,
    Running = 1,
}
