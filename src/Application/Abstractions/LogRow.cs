using OcppLab.Domain.Logs;

namespace OcppLab.Application.Abstractions;

/// <summary>
/// One stored frame as a streamed logs page reads it: the small fields, and the frame text as a
/// reader (valid until the next row is read), which the page copies to the response in segments.
/// </summary>
public sealed record LogRow(
    LogDirection Direction,
    string? Action,
    DateTimeOffset Timestamp,
    LogMessageType MessageType,
    string? MessageId,
    TextReader Message);
