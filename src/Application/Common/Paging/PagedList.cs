namespace OcppLab.Application.Common.Paging;

/// <summary>A page of results: <c>{data, total, page, limit}</c>.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Data, int Total, int Page, int Limit);
