using System.Reflection;
using NetArchTest.Rules;

namespace OcppLab.ArchitectureTests;

/// <summary>Dependencies point inward: Api → Application ← Infrastructure, everything → Domain.</summary>
public sealed class LayerTests
{
    internal static readonly Assembly Domain = typeof(OcppLab.Domain.Chargers.Charger).Assembly;
    internal static readonly Assembly Application = typeof(OcppLab.Application.DependencyInjection).Assembly;
    internal static readonly Assembly Infrastructure = typeof(OcppLab.Infrastructure.DependencyInjection).Assembly;
    internal static readonly Assembly Api = typeof(OcppLab.Api.DependencyInjection).Assembly;

    private static void AssertNoDependency(Conditions shouldNot, params string[] forbidden)
    {
        var result = shouldNot.HaveDependencyOnAny(forbidden).GetResult();

        Assert.That(result.IsSuccessful, Is.True, $"Types depending on {string.Join(", ", forbidden)}: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Test]
    public void The_assemblies_are_the_layers_under_test()
    {
        Assert.That(new[] { Domain, Application, Infrastructure, Api }.Select(a => a.GetName().Name), Is.EqualTo(new[]
        {
            "OcppLab.Domain", "OcppLab.Application", "OcppLab.Infrastructure", "OcppLab.Api",
        }));
        Assert.That(Types.InAssembly(Domain).GetTypes(), Is.Not.Empty);
    }

    [Test]
    public void The_dependency_check_sees_real_dependencies()
    {
        // Guards the rules below against passing vacuously.
        Assert.That(Types.InAssembly(Infrastructure).ShouldNot().HaveDependencyOn("Microsoft.EntityFrameworkCore").GetResult().IsSuccessful, Is.False);
        Assert.That(Types.InAssembly(Application).ShouldNot().HaveDependencyOn("OcppLab.Domain").GetResult().IsSuccessful, Is.False);
        Assert.That(Types.InAssembly(Api).ShouldNot().HaveDependencyOn("OcppLab.Infrastructure").GetResult().IsSuccessful, Is.False, "Program composes Infrastructure");
    }

    [Test]
    public void Domain_depends_on_no_other_layer_nor_on_a_framework()
    {
        AssertNoDependency(
            Types.InAssembly(Domain).ShouldNot(),
            "OcppLab.Application", "OcppLab.Infrastructure", "OcppLab.Api",
            "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Microsoft.Extensions", "Mediator", "FluentValidation", "System.Net.WebSockets");
    }

    [Test]
    public void Domain_references_no_project_or_package_assembly()
    {
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.That(references.Where(n => !n.StartsWith("System", StringComparison.Ordinal) && n != "netstandard"), Is.Empty);
    }

    [Test]
    public void Application_does_not_depend_on_Infrastructure_Api_EF_Core_or_ASP_NET_Core()
    {
        AssertNoDependency(
            Types.InAssembly(Application).ShouldNot(),
            "OcppLab.Infrastructure", "OcppLab.Api", "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Microsoft.Data");
    }

    /// <summary>
    /// Issue 12: the charger grains are an Infrastructure detail (ADR 11). The Application knows only
    /// IChargerRuntime; the Api and the Domain never see Orleans; every grain lives in the runtime's namespace.
    /// </summary>
    [Test]
    public void Orleans_is_confined_to_the_Infrastructure_runtime()
    {
        var grains = Types.InAssembly(Infrastructure).That().Inherit(typeof(Orleans.Grain)).GetTypes().ToList();

        Assert.That(grains.Select(g => g.Name), Does.Contain("ChargerGrain"), "the check sees the grains");
        Assert.That(grains.Where(g => g.Namespace != "OcppLab.Infrastructure.Ocpp.Runtime").Select(g => g.FullName), Is.Empty);
        AssertNoDependency(Types.InAssembly(Application).ShouldNot(), "Orleans");
        AssertNoDependency(Types.InAssembly(Domain).ShouldNot(), "Orleans");
        // The SDK's code generator also runs in the Api (it references the Infrastructure): its metadata is not Api code.
        AssertNoDependency(Types.InAssembly(Api).That().DoNotResideInNamespaceStartingWith("OrleansCodeGen").ShouldNot(), "Orleans");
        Assert.That(Application.GetReferencedAssemblies().Select(a => a.Name), Has.None.StartsWith("Orleans"));
    }

    [Test]
    public void Infrastructure_does_not_depend_on_Api()
    {
        AssertNoDependency(Types.InAssembly(Infrastructure).ShouldNot(), "OcppLab.Api");
    }

    [Test]
    public void Controllers_do_not_depend_on_Infrastructure_or_EF_Core()
    {
        var controllers = Types.InAssembly(Api).That().ResideInNamespace("OcppLab.Api.Controllers");

        Assert.That(controllers.GetTypes(), Is.Not.Empty);
        AssertNoDependency(controllers.ShouldNot(), "OcppLab.Infrastructure", "Microsoft.EntityFrameworkCore");
    }

    [Test]
    public void Controllers_talk_to_the_mediator_not_to_repositories()
    {
        var controllers = Types.InAssembly(Api).That().ResideInNamespace("OcppLab.Api.Controllers");
        var persistencePorts = Application.GetTypes()
            .Where(t => t.IsInterface && (t.Name.EndsWith("Repository", StringComparison.Ordinal) || t.Name == "IUnitOfWork"))
            .Select(t => t.FullName!)
            .ToArray();

        Assert.That(persistencePorts, Does.Contain("OcppLab.Application.Abstractions.IChargerRepository"));
        AssertNoDependency(controllers.ShouldNot(), persistencePorts);
    }
}
