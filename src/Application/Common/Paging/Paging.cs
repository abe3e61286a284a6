namespace OcppLab.Application.Common.Paging;

/// <summary>Page-number paging rules shared by every list endpoint except logs.</summary>
public static class Paging
{
    public const int DefaultPage = 1;
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    public static int PageOrDefault(int? page) => page ?? DefaultPage;

    public static int LimitOrDefault(int? limit) => limit ?? DefaultLimit;

    /// <summary>
    /// The rows before the page, computed in 64 bits (page 2,147,483,647 × limit 100 overflowed 32 bits
    /// and wrapped to the first page) and saturated at <see cref="int.MaxValue"/>: no table holds that
    /// many rows of one tenant, so a saturated skip is past the end and answers an empty page.
    /// </summary>
    public static int Skip(int? page, int? limit) =>
        (int)Math.Clamp(((long)PageOrDefault(page) - 1) * LimitOrDefault(limit), 0, int.MaxValue);
}
