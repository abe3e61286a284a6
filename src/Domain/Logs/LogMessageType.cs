namespace OcppLab.Domain.Logs;

public enum LogMessageType
{
    Call = 2,
    CallResult = 3,
    CallError = 4,

    /// <summary>A frame that is not a valid OCPP-J message (bad JSON, unknown type, unreadable id).</summary>
    Malformed = 0,
}
