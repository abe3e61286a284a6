using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace OcppLab.Api.Errors;

/// <summary>
/// The controllers' [Produces("application/json")] rewrites the content type of every ObjectResult,
/// including the problem details MVC makes for client errors (415, 404 …). Running last, this puts
/// application/problem+json back on them.
/// </summary>
public sealed class ProblemContentTypeFilter : IResultFilter, IOrderedFilter
{
    public int Order => int.MaxValue;

    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is ObjectResult { Value: ProblemDetails } result)
        {
            result.ContentTypes.Clear();
            result.ContentTypes.Add("application/problem+json");
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
