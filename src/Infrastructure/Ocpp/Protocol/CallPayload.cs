using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace OcppLab.Infrastructure.Ocpp.Protocol;

/// <summary>
/// The payload of an <see cref="OutgoingCall"/>. A typed payload (<see cref="Of{T}"/>) is a record the version's
/// source-generated context writes once, at the first send, straight to UTF-8 (the frame is assembled from those
/// bytes, so the hot path builds no JSON tree and parses nothing); a retry sends the same bytes. An untyped one
/// (<see cref="Json"/>) is a JSON object, for what has no record: the user's proxied messages and the queued
/// messages restored from the stored live state.
/// </summary>
public abstract class CallPayload
{
    /// <summary>
    /// As the frames were always written (<see cref="Framing.OcppFrame.WireOptions"/>): text as it is, not
    /// <c>\u</c>-escaped beyond what JSON requires (a vendor name with an umlaut goes out as the umlaut).
    /// </summary>
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>A record, built by <paramref name="build"/> when the call is first sent.</summary>
    public static CallPayload Of<T>(Func<T> build, JsonTypeInfo<T> info) => new Typed<T>(build, info);

    /// <summary>A JSON object, built by <paramref name="build"/> when the call is first sent and kept.</summary>
    public static CallPayload Json(Func<JsonObject> build) => new Untyped(build);

    /// <summary>The payload as it goes out now, UTF-8 JSON; from the first call on it no longer changes.</summary>
    public abstract ReadOnlyMemory<byte> Utf8();

    /// <summary>The payload as a JSON object (for a typed payload a fresh parse of <see cref="Utf8"/>: tests and tools, not the send path).</summary>
    public abstract JsonObject Object();

    /// <summary>
    /// A copy of the payload as it would go out now, for the stored live state. A payload not yet sent is not
    /// fixed by this (a 1.6 message behind an unanswered StartTransaction still gets its id later).
    /// </summary>
    public abstract JsonObject Copy();

    /// <summary>Writes a value with <see cref="WriterOptions"/> through a per-thread buffer (the serialisation is synchronous) into an array of its exact size.</summary>
    internal static byte[] Write<T>(T value, JsonTypeInfo<T> info) =>
        Write((value, info), static (writer, state) => JsonSerializer.Serialize(writer, state.value, state.info));

    private static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        try
        {
            writer.Reset(buffer);
            write(writer, state);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            writer.Reset();
            // A large payload (a NotifyReport page) does not keep its buffer for the thread's lifetime.
            if (buffer.Capacity > 64 * 1024)
            {
                t_buffer = null;
            }
            else
            {
                buffer.ResetWrittenCount();
            }
        }
    }

    private sealed class Typed<T>(Func<T> build, JsonTypeInfo<T> info) : CallPayload
    {
        private byte[]? _utf8;

        public override ReadOnlyMemory<byte> Utf8() => _utf8 ??= Write(build(), info);

        public override JsonObject Object() => Parse(Utf8());

        public override JsonObject Copy() => Parse(_utf8 ?? Write(build(), info));

        private static JsonObject Parse(ReadOnlyMemory<byte> utf8) => JsonNode.Parse(utf8.Span)!.AsObject();
    }

    private sealed class Untyped(Func<JsonObject> build) : CallPayload
    {
        private JsonObject? _payload;

        // Written afresh at each send, from the object kept (as the frames always were).
        public override ReadOnlyMemory<byte> Utf8() => Write(Object(), static (writer, payload) => payload.WriteTo(writer));

        public override JsonObject Object() => _payload ??= build();

        public override JsonObject Copy() => _payload is { } built ? (JsonObject)built.DeepClone() : build();
    }
}
