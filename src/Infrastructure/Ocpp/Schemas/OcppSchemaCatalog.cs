using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using OcppLab.Domain.Common;

namespace OcppLab.Infrastructure.Ocpp.Schemas;

/// <summary>
/// The raw OCA schemas embedded in this assembly (see SOURCE.md), indexed by version, action and kind.
/// Only resource names are read up front; a schema's JSON is parsed the first time it is asked for.
/// </summary>
internal sealed class OcppSchemaCatalog
{
    private const string ResourcePrefix = "OcppLab.Infrastructure.Ocpp.Schemas.";

    private static readonly Lazy<OcppSchemaCatalog> _embedded = new(
        () => new OcppSchemaCatalog(typeof(OcppSchemaCatalog).Assembly), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Assembly _assembly;
    private readonly FrozenDictionary<OcppSchemaKey, string> _resources;
    private readonly FrozenDictionary<OcppVersion, IReadOnlyList<string>> _actions;
    private readonly ConcurrentDictionary<OcppSchemaKey, Lazy<JsonElement>> _documents = new();

    private OcppSchemaCatalog(Assembly assembly)
    {
        _assembly = assembly;
        var resources = new Dictionary<OcppSchemaKey, string>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (TryParseResourceName(name, out var key))
            {
                resources.Add(key, name);
            }
        }

        _resources = resources.ToFrozenDictionary();

        // An action counts only when both halves are present: a runtime that can check the CALL but not its result is half-done.
        _actions = new[] { OcppVersion.V16, OcppVersion.V201 }.ToFrozenDictionary(
            version => version,
            version => (IReadOnlyList<string>)resources.Keys
                .Where(k => k.Version == version && k.Kind == OcppMessageKind.Request)
                .Select(k => k.Action)
                .Where(action => resources.ContainsKey(new OcppSchemaKey(version, action, OcppMessageKind.Response)))
                .Order(StringComparer.Ordinal)
                .ToArray());
    }

    public static OcppSchemaCatalog Embedded => _embedded.Value;

    public IReadOnlyList<string> Actions(OcppVersion version) =>
        _actions.TryGetValue(version, out var actions) ? actions : throw UnknownVersion(version);

    public bool HasAction(OcppVersion version, string action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (!_actions.ContainsKey(version))
        {
            throw UnknownVersion(version);
        }

        return _resources.ContainsKey(new OcppSchemaKey(version, action, OcppMessageKind.Request))
            && _resources.ContainsKey(new OcppSchemaKey(version, action, OcppMessageKind.Response));
    }

    /// <summary>The schema document; a cloned <see cref="JsonElement"/> so concurrent readers never share a mutable tree.</summary>
    public bool TryGetSchema(OcppSchemaKey key, out JsonElement schema)
    {
        if (!_resources.TryGetValue(key, out var resource))
        {
            schema = default;
            return false;
        }

        schema = _documents.GetOrAdd(key, _ => new Lazy<JsonElement>(() => Load(resource), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
        return true;
    }

    internal static ArgumentOutOfRangeException UnknownVersion(OcppVersion version) =>
        new(nameof(version), version, "No OCPP schemas for this version.");

    private JsonElement Load(string resource)
    {
        using var stream = _assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded schema '{resource}' is missing.");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Maps a resource name back to its key. The file names follow each version's own convention:
    /// 1.6 <c>ocpp1.6.Action.req.json</c> / <c>.conf.json</c>, 2.0.1 <c>ocpp2.0.1.ActionRequest.json</c> / <c>ActionResponse.json</c>.
    /// </summary>
    private static bool TryParseResourceName(string name, out OcppSchemaKey key)
    {
        key = default;
        if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !name.EndsWith(".json", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = name[ResourcePrefix.Length..^".json".Length];
        if (rest.StartsWith("ocpp1.6.", StringComparison.Ordinal))
        {
            var file = rest["ocpp1.6.".Length..];
            return TrySplit(OcppVersion.V16, file, ".req", ".conf", out key);
        }

        if (rest.StartsWith("ocpp2.0.1.", StringComparison.Ordinal))
        {
            var file = rest["ocpp2.0.1.".Length..];
            return TrySplit(OcppVersion.V201, file, "Request", "Response", out key);
        }

        return false;
    }

    private static bool TrySplit(OcppVersion version, string file, string requestSuffix, string responseSuffix, out OcppSchemaKey key)
    {
        key = default;
        if (file.EndsWith(requestSuffix, StringComparison.Ordinal) && file.Length > requestSuffix.Length)
        {
            key = new OcppSchemaKey(version, file[..^requestSuffix.Length], OcppMessageKind.Request);
            return true;
        }

        if (file.EndsWith(responseSuffix, StringComparison.Ordinal) && file.Length > responseSuffix.Length)
        {
            key = new OcppSchemaKey(version, file[..^responseSuffix.Length], OcppMessageKind.Response);
            return true;
        }

        return false;
    }
}
