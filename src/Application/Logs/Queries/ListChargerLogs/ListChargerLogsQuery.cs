using System.Globalization;
using FluentValidation;
using Mediator;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Exceptions;

namespace OcppLab.Application.Logs.Queries.ListChargerLogs;

/// <summary>GET /ocpp/chargers/{charger_id}/logs: dates arrive as text so that an unparsable one is a clear 422.</summary>
public sealed record ListChargerLogsQuery(string ChargerId, string? StartDate, string? EndDate, string? Event, int? Limit, int? Offset)
    : IQuery<StreamedChargerLogsPage>
{
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 1000;

    /// <summary>RFC 3339 (a timestamp without an offset is taken as UTC).</summary>
    public static DateTimeOffset? ParseDate(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? null
            : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
                ? value
                : throw new FormatException(text);

    public static bool IsDate(string? text) =>
        string.IsNullOrWhiteSpace(text)
        || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out _);
}

public sealed class ListChargerLogsValidator : AbstractValidator<ListChargerLogsQuery>
{
    public ListChargerLogsValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, ListChargerLogsQuery.MaxLimit)
            .WithMessage($"limit must be between 1 and {ListChargerLogsQuery.MaxLimit}.");
        RuleFor(q => q.Offset).GreaterThanOrEqualTo(0).WithMessage("offset must be 0 or more.");
        RuleFor(q => q.StartDate).Must(ListChargerLogsQuery.IsDate).WithMessage("start_date must be an RFC 3339 timestamp, e.g. 2026-04-09T00:00:00Z.");
        RuleFor(q => q.EndDate).Must(ListChargerLogsQuery.IsDate).WithMessage("end_date must be an RFC 3339 timestamp, e.g. 2026-04-09T23:59:59Z.");
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
