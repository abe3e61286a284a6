namespace OcppLab.Application.Common.Paging;

public interface IPagedQuery
{
    int? Page { get; }

    int? Limit { get; }
}
