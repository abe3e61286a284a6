using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Nodes;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.Protocol;

/// <summary>
/// The CSMS-initiated actions a version implements, built from its handler classes: the single
/// source of "which actions this version answers" (no hand-kept set, no switch to keep in step).
/// </summary>
public sealed class CallHandlerRegistry<TProtocol>
    where TProtocol : OcppProtocol
{
    private readonly FrozenDictionary<string, ICsmsCallHandler<TProtocol>> _handlers;

    /// <summary>The implemented actions, in ordinal order.</summary>
    public IReadOnlyList<string> Actions => [.. _handlers.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Every concrete <see cref="ICsmsCallHandler{TProtocol}"/> of the assembly, one per action.</summary>
    public CallHandlerRegistry(Assembly assembly)
    {
        var handlers = new Dictionary<string, ICsmsCallHandler<TProtocol>>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            if (type.IsAbstract || type.IsInterface || !typeof(ICsmsCallHandler<TProtocol>).IsAssignableFrom(type))
            {
                continue;
            }

            var handler = (ICsmsCallHandler<TProtocol>)(Activator.CreateInstance(type, nonPublic: true)
                ?? throw new InvalidOperationException($"{type} has no parameterless constructor."));
            if (!handlers.TryAdd(handler.Action, handler))
            {
                throw new InvalidOperationException($"Two handlers answer {handler.Action}: {handlers[handler.Action].GetType()} and {type}.");
            }
        }

        _handlers = handlers.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public bool Handles(string action) => _handlers.ContainsKey(action);

    /// <summary>The handler's answer, or NotSupported for an action without one.</summary>
    public CallReply Handle(TProtocol protocol, string action, JsonObject payload) =>
        _handlers.TryGetValue(action, out var handler) ? handler.Handle(protocol, payload) : NotSupported(action);
}
