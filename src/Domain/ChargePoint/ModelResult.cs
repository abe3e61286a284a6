namespace OcppLab.Domain.ChargePoint;

/// <summary>Why an action on the charge point was refused: the connector does not exist, or its state forbids it.</summary>
public enum ProblemKind
{
    UnknownConnector,
    Conflict,
}

public sealed record ModelProblem(ProblemKind Kind, string Message);

/// <summary>The outcome of a user-level action on the model.</summary>
public readonly record struct ModelResult(ModelProblem? Problem)
{
    public static ModelResult Ok => new(null);

    public bool Succeeded => Problem is null;

    public static ModelResult Conflict(string message) => new(new ModelProblem(ProblemKind.Conflict, message));

    public static ModelResult Unknown(string message) => new(new ModelProblem(ProblemKind.UnknownConnector, message));
}

public enum AvailabilityOutcome
{
    Accepted,
    Scheduled,
    Rejected,
}

public enum ReservationOutcome
{
    Accepted,
    Faulted,
    Occupied,
    Rejected,
    Unavailable,
}
