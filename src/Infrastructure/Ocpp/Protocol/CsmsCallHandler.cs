using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using OcppLab.Infrastructure.Ocpp.Framing;

namespace OcppLab.Infrastructure.Ocpp.Protocol;

/// <summary>
/// A handler that reads its CALL as a <typeparamref name="TRequest"/> record and answers with a
/// <typeparamref name="TResponse"/> record, so a misspelled field is a compile error rather than a
/// silently missing value. The records are bound through the version's source-generated
/// <see cref="JsonSerializerContext"/> (no reflection at run time); the type information is looked
/// up once, when the registry creates the handler, so a record missing from the context stops the start-up.
/// </summary>
public abstract class CsmsCallHandler<TProtocol, TRequest, TResponse> : ICsmsCallHandler<TProtocol>
    where TProtocol : OcppProtocol
{
    private readonly JsonTypeInfo<TRequest> _request;
    private readonly JsonTypeInfo<TResponse> _response;

    protected CsmsCallHandler(JsonSerializerContext context)
    {
        _request = TypeInfo<TRequest>(context);
        _response = TypeInfo<TResponse>(context);
    }

    public abstract string Action { get; }

    /// <summary>
    /// Binds the (already schema-valid) payload, answers it, and writes the answer. Unknown fields are
    /// ignored. A payload the schema allows but the record cannot hold (the records are meant to be at
    /// least as wide as the schema, which the unit tests check) is answered with the version's
    /// FormatViolation CALLERROR instead of reaching the handler.
    /// </summary>
    public CallReply Handle(TProtocol protocol, JsonObject payload)
    {
        TRequest? request;
        try
        {
            request = payload.Deserialize(_request);
        }
        catch (JsonException ex)
        {
            return CallReply.Error(OcppErrorCodes.FormatViolation(protocol.Version), $"{Action}: {ex.Message}");
        }

        if (request is null)
        {
            return CallReply.Error(OcppErrorCodes.FormatViolation(protocol.Version), $"{Action}: the payload must be a JSON object.");
        }

        var answer = Handle(protocol, request);
        return answer.Error ?? CallReply.Ok(JsonSerializer.SerializeToNode(answer.Result!, _response)!.AsObject());
    }

    /// <summary>The answer to one CALL: a <typeparamref name="TResponse"/>, or a CALLERROR (<see cref="CallReply.Error"/>).</summary>
    protected abstract CallAnswer<TResponse> Handle(TProtocol protocol, TRequest request);

    private static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerContext context) =>
        context.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
        ?? throw new InvalidOperationException($"{typeof(T)} is not in {context.GetType()}: add a [JsonSerializable] for it.");
}

/// <summary>A typed handler's answer: the response record, or a CALLERROR; either converts implicitly.</summary>
public readonly struct CallAnswer<TResponse>
{
    private CallAnswer(TResponse? result, CallReply? error)
    {
        Result = result;
        Error = error;
    }

    public TResponse? Result { get; }

    /// <summary>The CALLERROR, when the handler refuses the CALL at the RPC level.</summary>
    public CallReply? Error { get; }

    public static implicit operator CallAnswer<TResponse>(TResponse result) => new(result, null);

    public static implicit operator CallAnswer<TResponse>(CallReply error) =>
        error.IsError ? new(default, error) : throw new ArgumentException("Only a CALLERROR converts to an answer; return the response record instead.", nameof(error));
}
