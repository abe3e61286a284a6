using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace OcppLab.Api.Errors;

/// <summary>
/// A JSON body that does not parse is a 400, whatever the shape of the request type. System.Text.Json
/// reports a truncated body ("{") with the same "could not be converted" message as a value of the
/// wrong type (a 422), so the syntax is checked on its own before model binding reads the body.
/// </summary>
public sealed class MalformedJsonFilter : IAsyncResourceFilter
{
    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        if (request.ContentLength is 0
            || !HasBodyParameter(context)
            || request.ContentType is not { } contentType
            || !IsJson(contentType))
        {
            await next();
            return;
        }

        request.EnableBuffering();
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, default, context.HttpContext.RequestAborted);
        }
        catch (JsonException ex) when (request.Body.Position > 0)
        {
            var problem = new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                Detail = $"The request body is not valid JSON: {ex.Message}",
            };
            ProblemWriter.Customize(new ProblemDetailsContext { HttpContext = context.HttpContext, ProblemDetails = problem });
            context.Result = new JsonResult(problem) { StatusCode = problem.Status, ContentType = "application/problem+json" };
            return;
        }
        catch (JsonException)
        {
            // An empty body (no Content-Length, nothing sent): model binding says it is required.
        }

        request.Body.Position = 0;
        await next();
    }

    private static bool HasBodyParameter(ResourceExecutingContext context) =>
        context.ActionDescriptor.Parameters.Any(p => p.BindingInfo?.BindingSource == BindingSource.Body);

    private static bool IsJson(string contentType) =>
        contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
        || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase);
}
