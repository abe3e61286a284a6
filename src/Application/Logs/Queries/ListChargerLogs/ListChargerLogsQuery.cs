using FluentValidation;
using Mediator;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Application.Common.Validation;

namespace OcppLab.Application.Logs.Queries.ListChargerLogs;

/// <summary>
/// GET /ocpp/chargers/{charger_id}/logs: dates arrive as text so that one without an offset, or unreadable, is a
/// 422 naming the parameter rather than a model-binding guess.
/// </summary>
public sealed record ListChargerLogsQuery(string ChargerId, string? StartDate, string? EndDate, string? Event, int? Limit, int? Offset)
    : IQuery<StreamedChargerLogsPage>
{
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 1000;

    /// <summary>RFC 3339 with an explicit offset (<see cref="Rfc3339"/>); absent when empty. Validated before it is read.</summary>
    public static DateTimeOffset? ParseDate(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? null
            : Rfc3339.TryParse(text, out var value)
                ? value
                : throw new FormatException(text);

    public static bool IsDate(string? text) => string.IsNullOrWhiteSpace(text) || Rfc3339.TryParse(text, out _);
}

public sealed class ListChargerLogsValidator : AbstractValidator<ListChargerLogsQuery>
{
    public ListChargerLogsValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, ListChargerLogsQuery.MaxLimit)
            .WithMessage($"limit must be between 1 and {ListChargerLogsQuery.MaxLimit}.");
        RuleFor(q => q.Offset).GreaterThanOrEqualTo(0).WithMessage("offset must be 0 or more.");
        // A query string carries a literal + as a space: say how to send a positive offset.
        RuleFor(q => q.StartDate).Must(ListChargerLogsQuery.IsDate).WithMessage($"start_date {Rfc3339.Expectation} (in a URL, + is written %2B).");
        RuleFor(q => q.EndDate).Must(ListChargerLogsQuery.IsDate).WithMessage($"end_date {Rfc3339.Expectation} (in a URL, + is written %2B).");
        RuleFor(q => q.Event).MaximumLength(64).WithMessage("event must be an OCPP action name (at most 64 characters).");
        RuleFor(q => q).Must(q => ListChargerLogsQuery.ParseDate(q.StartDate) <= ListChargerLogsQuery.ParseDate(q.EndDate))
            .When(q => ListChargerLogsQuery.IsDate(q.StartDate) && ListChargerLogsQuery.IsDate(q.EndDate)
                && !string.IsNullOrWhiteSpace(q.StartDate) && !string.IsNullOrWhiteSpace(q.EndDate))
            .WithMessage("start_date must not be after end_date.")
            .OverridePropertyName("start_date");
    }
}

public sealed class ListChargerLogsHandler(ITenantContext tenant, IChargerRepository chargers, ILogStore logs)
    : IQueryHandler<ListChargerLogsQuery, StreamedChargerLogsPage>
{
    public async ValueTask<StreamedChargerLogsPage> Handle(ListChargerLogsQuery query, CancellationToken cancellationToken)
    {
        _ = await chargers.GetAsync(tenant.OrganizationId, query.ChargerId, cancellationToken)
            ?? throw new NotFoundException("charger", query.ChargerId);
        var limit = query.Limit ?? ListChargerLogsQuery.DefaultLimit;
        var offset = query.Offset ?? 0;
        var (items, total) = await logs.StreamAsync(
            query.ChargerId,
            ListChargerLogsQuery.ParseDate(query.StartDate),
            ListChargerLogsQuery.ParseDate(query.EndDate),
            string.IsNullOrWhiteSpace(query.Event) ? null : query.Event.Trim(),
            offset,
            limit,
            cancellationToken);
        return new StreamedChargerLogsPage(items, total, limit, offset);
    }
}
