using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using OcppLab.Application.Common.Exceptions;

namespace OcppLab.Api.Errors;

/// <summary>The one place where exceptions become problem details. A 500 never shows a stack trace.</summary>
public sealed class ApiExceptionHandler(ProblemWriter problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem = exception switch
        {
            RequestValidationException validation => ValidationProblems.Create(validation.Errors),
            NotFoundException notFound => new ProblemDetails { Status = StatusCodes.Status404NotFound, Detail = notFound.Message },
            ConflictException conflict => new ProblemDetails { Status = StatusCodes.Status409Conflict, Detail = conflict.Message },
            TooManyRequestsException tooMany => new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Detail = tooMany.Message },
            UpstreamTimeoutException timeout => new ProblemDetails { Status = StatusCodes.Status504GatewayTimeout, Detail = timeout.Message },
            BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Detail = bad.Message },
            JsonException => new ProblemDetails { Status = StatusCodes.Status400BadRequest, Detail = "The request body is not valid JSON." },
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested =>
                new ProblemDetails { Status = 499, Detail = "The client closed the request." },
            _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Detail = "An unexpected error occurred; quote the trace_id when reporting it." },
        };

        if (problem.Status >= 500)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }

        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        if (exception is TooManyRequestsException refused)
        {
            httpContext.Response.Headers.RetryAfter =
                ((int)Math.Ceiling(refused.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await problems.WriteAsync(httpContext, problem);
        return true;
    }
}
