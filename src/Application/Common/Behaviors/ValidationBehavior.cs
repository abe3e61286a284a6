using FluentValidation;
using Mediator;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Application.Common.Validation;

namespace OcppLab.Application.Common.Behaviors;

/// <summary>Runs every FluentValidation validator of a message before its handler; failures become a 422.</summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(
        TMessage message,
        MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        Dictionary<string, List<string>>? errors = null;
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            foreach (var failure in result.Errors)
            {
                errors ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
                var key = FieldPath.ToSnakeCase(failure.PropertyName);
                if (!errors.TryGetValue(key, out var list))
                {
                    errors[key] = list = [];
                }

                if (!list.Contains(failure.ErrorMessage))
                {
                    list.Add(failure.ErrorMessage);
                }
            }
        }

        if (errors is not null)
        {
            throw new RequestValidationException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }

        return await next(message, cancellationToken);
    }
}
