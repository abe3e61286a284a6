using NetArchTest.Rules;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V16;
using OcppLab.Infrastructure.Ocpp.V201;

namespace OcppLab.ArchitectureTests;

/// <summary>
/// Issue 11: the OCPP runtime's layout. The session knows no version (everything version-specific
/// sits behind <see cref="OcppProtocol"/>, picked by <see cref="ProtocolFactory"/>), and each
/// CSMS-initiated action is one handler class, named after the action, in its 1.6 feature profile
/// or 2.0.1 functional block folder; the registry built from them is the only list of actions.
/// </summary>
public sealed class OcppLayoutTests
{
    private const string Runtime = "OcppLab.Infrastructure.Ocpp.Runtime";
    private static readonly string[] Versions = ["OcppLab.Infrastructure.Ocpp.V16", "OcppLab.Infrastructure.Ocpp.V201"];

    [Test]
    public void The_runtime_references_no_version_type()
    {
        var result = Types.InAssembly(LayerTests.Infrastructure).That().ResideInNamespace(Runtime).ShouldNot().HaveDependencyOnAny(Versions).GetResult();

        Assert.That(result.IsSuccessful, Is.True, $"Runtime types using a version's types: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Test]
    public void Only_the_factory_picks_a_version_and_the_check_sees_it()
    {
        // Guards the rule above against passing vacuously: the factory does depend on both versions.
        var dependents = Types.InAssembly(LayerTests.Infrastructure).That().HaveDependencyOnAny(Versions)
            .And().DoNotResideInNamespace(Versions[0]).And().DoNotResideInNamespace(Versions[1])
            .GetTypes().Select(t => t.FullName).ToList();

        Assert.That(dependents, Is.EqualTo(new[] { typeof(ProtocolFactory).FullName }));
    }

    private static List<Type> HandlersOf(Type protocol) =>
        [.. LayerTests.Infrastructure.GetTypes().Where(t => !t.IsAbstract && typeof(ICsmsCallHandler<>).MakeGenericType(protocol).IsAssignableFrom(t))];

    [TestCase(typeof(V16Protocol), "OcppLab.Infrastructure.Ocpp.V16")]
    [TestCase(typeof(V201Protocol), "OcppLab.Infrastructure.Ocpp.V201")]
    public void Each_action_is_one_handler_named_after_it_in_a_feature_folder(Type protocol, string root)
    {
        var handlers = HandlersOf(protocol);
        var actions = protocol == typeof(V16Protocol) ? V16Protocol.ImplementedActions : V201Protocol.ImplementedActions;

        Assert.Multiple(() =>
        {
            Assert.That(handlers.Select(t => t.Name).Order(StringComparer.Ordinal), Is.EqualTo(actions), "one class per implemented action, named after it");
            Assert.That(handlers.Where(t => t.Namespace is null || !t.Namespace.StartsWith(root + ".", StringComparison.Ordinal)).Select(t => t.FullName), Is.Empty, "each in a feature folder of its version");
            Assert.That(actions, Is.Not.Empty);
        });
    }

    // Issue 11 item 5: payloads are records, not string keys; a handler's records sit beside it (its file, its namespace).
    [TestCase(typeof(V16Protocol))]
    [TestCase(typeof(V201Protocol))]
    public void Each_handler_reads_and_answers_records_named_after_its_action_beside_it(Type protocol)
    {
        var wrong = new List<string>();
        foreach (var handler in HandlersOf(protocol))
        {
            var typed = handler.BaseType;
            while (typed is not null && !(typed.IsGenericType && typed.GetGenericTypeDefinition() == typeof(CsmsCallHandler<,,>)))
            {
                typed = typed.BaseType;
            }

            if (typed is null)
            {
                wrong.Add($"{handler.FullName} is not a CsmsCallHandler<,,>");
                continue;
            }

            var arguments = typed.GetGenericArguments();
            foreach (var (record, suffix) in new[] { (arguments[1], "Request"), (arguments[2], "Response") })
            {
                if (record.Name != handler.Name + suffix || record.Namespace != handler.Namespace)
                {
                    wrong.Add($"{handler.FullName}: {record.FullName} should be {handler.Namespace}.{handler.Name}{suffix}");
                }
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(HandlersOf(protocol), Is.Not.Empty);
            Assert.That(wrong, Is.Empty);
        });
    }

    [Test]
    public void Each_version_implements_what_it_did_before_the_split()
    {
        // The hand-kept sets the registries replaced, as they were: the layout changed no behaviour.
        Assert.Multiple(() =>
        {
            Assert.That(V16Protocol.ImplementedActions, Is.EquivalentTo(new[]
            {
                "CancelReservation", "ChangeAvailability", "ChangeConfiguration", "ClearCache", "ClearChargingProfile", "DataTransfer",
                "GetCompositeSchedule", "GetConfiguration", "GetDiagnostics", "GetLocalListVersion", "RemoteStartTransaction",
                "RemoteStopTransaction", "ReserveNow", "Reset", "SendLocalList", "SetChargingProfile", "TriggerMessage",
                "UnlockConnector", "UpdateFirmware",
            }));
            Assert.That(V201Protocol.ImplementedActions, Is.EquivalentTo(new[]
            {
                "GetVariables", "SetVariables", "GetBaseReport", "GetReport", "Reset", "ClearCache", "GetLocalListVersion",
                "SendLocalList", "GetTransactionStatus", "RequestStartTransaction", "RequestStopTransaction", "TriggerMessage",
                "UnlockConnector", "ChangeAvailability", "ReserveNow", "CancelReservation", "SetChargingProfile",
                "GetChargingProfiles", "ClearChargingProfile", "GetCompositeSchedule", "UpdateFirmware", "GetLog", "DataTransfer",
            }));
        });
    }
}

/// <summary>Issue 11 item 4: files a reader can hold. No source file of the OCPP runtime is above 400 lines.</summary>
public sealed class OcppFileSizeTests
{
    private const int MaxLines = 400;

    private static DirectoryInfo Repository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "OcppLab.sln")))
            {
                return folder;
            }
        }

        throw new InvalidOperationException("OcppLab.sln not found above " + AppContext.BaseDirectory);
    }

    [Test]
    public void No_OCPP_runtime_source_file_is_above_400_lines()
    {
        var files = Directory.GetFiles(Path.Combine(Repository().FullName, "src", "Infrastructure", "Ocpp"), "*.cs", SearchOption.AllDirectories);
        var tooLong = files
            .Select(f => (File: Path.GetRelativePath(Repository().FullName, f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > MaxLines)
            .Select(f => $"{f.File}: {f.Lines}")
            .ToList();

        Assert.That(files, Has.Length.GreaterThan(50), "the runtime's sources were found");
        Assert.That(tooLong, Is.Empty);
    }
}
