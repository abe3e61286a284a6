using OcppLab.Domain.ChargePoint;

namespace OcppLab.Infrastructure.Ocpp.Protocol;

public enum RegistrationStatus
{
    NotRegistered,
    Pending,
    Accepted,
    Rejected,
}

/// <summary>What a version's protocol logic may ask of the session that runs it.</summary>
public interface ISessionServices
{
    ChargePoint Model { get; }
    RegistrationStatus Registration { get; }

    /// <summary>Whether the charge point has a connection to its CSMS right now.</summary>
    bool Online { get; }
    DateTimeOffset Now { get; }

    /// <summary>Queues a CALL to the CSMS.</summary>
    void Enqueue(OutgoingCall call);

    /// <summary>Runs after the reply to the CALL being handled has been sent (TriggerMessage: "then send the message").</summary>
    void AfterReply(Action action);

    /// <summary>Runs on the session after a delay (simulated firmware download, log upload …).</summary>
    void Schedule(TimeSpan delay, Action action);

    /// <summary>The CSMS answered the BootNotification.</summary>
    void BootAnswered(RegistrationStatus status, int intervalSeconds, DateTimeOffset? currentTime);

    /// <summary>Whether transaction messages (of one transaction, or any) still wait to be delivered.</summary>
    bool HasQueuedTransactionMessages(string? transactionId);

    /// <summary>Reboots the charge point (Reset): transactions end, the connection closes, a new BootNotification follows.</summary>
    void Reboot(StopReason reason, string bootReason);
}
