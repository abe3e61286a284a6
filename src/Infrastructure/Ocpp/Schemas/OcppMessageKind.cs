namespace OcppLab.Infrastructure.Ocpp.Schemas;

/// <summary>Which half of an OCPP exchange a payload is: the CALL payload or the CALLRESULT payload.</summary>
public enum OcppMessageKind
{
    /// <summary>The CALL payload (1.6 <c>.req</c>, 2.0.1 <c>…Request</c>).</summary>
    Request = 1,

    /// <summary>The CALLRESULT payload (1.6 <c>.conf</c>, 2.0.1 <c>…Response</c>).</summary>
    Response = 2,
}
