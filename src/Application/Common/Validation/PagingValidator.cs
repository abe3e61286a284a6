using FluentValidation;
using OcppLab.Application.Common.Paging;

namespace OcppLab.Application.Common.Validation;

public static class PagingValidator
{
    /// <summary>page ≥ 1, limit 1–100.</summary>
    public static void AddPagingRules<T>(this AbstractValidator<T> validator)
        where T : IPagedQuery
    {
        validator.RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithMessage("page must be at least 1.");
        validator.RuleFor(q => q.Limit).InclusiveBetween(1, Paging.Paging.MaxLimit)
            .WithMessage($"limit must be between 1 and {Paging.Paging.MaxLimit}.");
    }
}
