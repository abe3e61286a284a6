using FluentValidation;
using Mediator;
using OcppLab.Application.Common.Behaviors;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Application.Locations.Commands.BulkCreateChargers;
using OcppLab.Infrastructure.Network;

namespace OcppLab.UnitTests.Validation;

public sealed class ValidationBehaviorTests
{
    [Test]
    public void Failures_become_a_422_keyed_by_snake_case_paths_and_the_handler_is_not_called()
    {
        var behavior = new ValidationBehavior<BulkCreateChargersCommand, LocationJobAccepted>([new BulkCreateChargersValidator(OutboundPolicy.Default)]);
        var command = new BulkCreateChargersCommand(Guid.NewGuid(), [new BulkChargerSpec { Template = new ChargerTemplate { WsUrl = "ws://x" }, ChargersNumber = 1 }]);
        var called = false;

        var exception = Assert.ThrowsAsync<RequestValidationException>(async () => await behavior.Handle(
            command,
            (_, _) =>
            {
                called = true;
                return ValueTask.FromResult<LocationJobAccepted>(null!);
            },
            CancellationToken.None));

        Assert.That(called, Is.False);
        Assert.That(exception!.Errors.Keys, Is.EquivalentTo(new[] { "[0].template.brand_slug", "[0].template.model_slug", "[0].template.connector_type" }));
        Assert.That(exception.Errors["[0].template.brand_slug"], Is.EqualTo(new[] { "brand_slug is required." }));
    }

    [Test]
    public async Task A_valid_message_reaches_the_handler()
    {
        var behavior = new ValidationBehavior<PingQuery, string>([new PingValidator()]);

        var result = await behavior.Handle(new PingQuery("x"), (_, _) => ValueTask.FromResult("pong"), CancellationToken.None);

        Assert.That(result, Is.EqualTo("pong"));
    }

    [Test]
    public void Messages_of_several_validators_are_merged_without_repeats()
    {
        var behavior = new ValidationBehavior<PingQuery, string>([new PingValidator(), new PingValidator()]);

        var exception = Assert.ThrowsAsync<RequestValidationException>(async () =>
            await behavior.Handle(new PingQuery(""), (_, _) => ValueTask.FromResult("pong"), CancellationToken.None));

        Assert.That(exception!.Errors["some_value"], Is.EqualTo(new[] { "some_value is required." }));
    }

    public sealed record PingQuery(string SomeValue) : IQuery<string>;

    private sealed class PingValidator : AbstractValidator<PingQuery>
    {
        public PingValidator() => RuleFor(p => p.SomeValue).NotEmpty().WithMessage("some_value is required.");
    }
}
