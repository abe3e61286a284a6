namespace OcppLab.Application.Common.Paging;

/// <summary>Page-number paging rules shared by every list endpoint except logs.</summary>
public static class Paging
{
    public const int DefaultPage = 1;
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    public static int PageOrDefault(int? page) => page ?? DefaultPage;

    public static int LimitOrDefault(int? limit) => limit ?? DefaultLimit;

    public static int Skip(int? page, int? limit) => (PageOrDefault(page) - 1) * LimitOrDefault(limit);
}
