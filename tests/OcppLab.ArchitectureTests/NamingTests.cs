using System.Reflection;
using Mediator;

namespace OcppLab.ArchitectureTests;

/// <summary>Use cases are named for what they are: <c>*Command</c>, <c>*Query</c>, <c>*Handler</c>.</summary>
public sealed class NamingTests
{
    private static readonly Assembly[] OurAssemblies = [LayerTests.Domain, LayerTests.Application, LayerTests.Infrastructure, LayerTests.Api];

    private static IEnumerable<Type> ConcreteTypes() =>
        OurAssemblies.SelectMany(a => a.GetTypes()).Where(t => t is { IsClass: true, IsAbstract: false } && !IsCompilerGenerated(t));

    private static bool IsCompilerGenerated(Type type) =>
        type.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is not null || type.Name.Contains('<', StringComparison.Ordinal);

    private static bool Implements(Type type, Type contract) =>
        type.GetInterfaces().Any(i => i == contract || (i.IsGenericType && i.GetGenericTypeDefinition() == contract));

    private static string Name(Type type) => type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] : type.Name;

    [Test]
    public void Commands_end_with_Command()
    {
        var commands = ConcreteTypes().Where(t => Implements(t, typeof(ICommand)) || Implements(t, typeof(ICommand<>))).ToList();

        Assert.That(commands, Is.Not.Empty);
        Assert.That(commands.Where(t => !Name(t).EndsWith("Command", StringComparison.Ordinal)).Select(t => t.FullName), Is.Empty);
    }

    [Test]
    public void Queries_end_with_Query()
    {
        var queries = ConcreteTypes().Where(t => Implements(t, typeof(IQuery<>))).ToList();

        Assert.That(queries, Is.Not.Empty);
        Assert.That(queries.Where(t => !Name(t).EndsWith("Query", StringComparison.Ordinal)).Select(t => t.FullName), Is.Empty);
    }

    [Test]
    public void Handlers_end_with_Handler()
    {
        var handlers = ConcreteTypes()
            .Where(t => Implements(t, typeof(ICommandHandler<>)) || Implements(t, typeof(ICommandHandler<,>)) || Implements(t, typeof(IQueryHandler<,>))
                || Implements(t, typeof(IRequestHandler<>)) || Implements(t, typeof(IRequestHandler<,>)))
            .Where(t => t.Namespace?.StartsWith("OcppLab", StringComparison.Ordinal) == true)
            .ToList();

        Assert.That(handlers, Is.Not.Empty);
        Assert.That(handlers.Where(t => !Name(t).EndsWith("Handler", StringComparison.Ordinal)).Select(t => t.FullName), Is.Empty);
    }

    [Test]
    public void Only_handlers_handle_and_use_cases_live_in_the_Application_layer()
    {
        var messages = ConcreteTypes().Where(t => Implements(t, typeof(IMessage)) && t.Namespace?.StartsWith("OcppLab", StringComparison.Ordinal) == true).ToList();

        Assert.That(messages.Where(t => t.Assembly != LayerTests.Application).Select(t => t.FullName), Is.Empty);
    }

    [Test]
    public void Validators_end_with_Validator()
    {
        var validators = ConcreteTypes()
            .Where(t => t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(FluentValidation.AbstractValidator<>))
            .ToList();

        Assert.That(validators, Is.Not.Empty);
        Assert.That(validators.Where(t => !Name(t).EndsWith("Validator", StringComparison.Ordinal)).Select(t => t.FullName), Is.Empty);
    }
}
