using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Options;
using OcppLab.Application.Common.Validation;

namespace OcppLab.Api.Errors;

/// <summary>
/// Model-binding failures: a body that is not JSON at all is a 400; a well-formed body or query
/// with a value of the wrong type is a 422 naming the field by its snake_case path.
/// </summary>
public static class ValidationProblems
{
    public static ProblemDetails Create(IReadOnlyDictionary<string, string[]> errors) => new()
    {
        Status = StatusCodes.Status422UnprocessableEntity,
        Type = "https://tools.ietf.org/html/rfc4918#section-11.2",
        Detail = "One or more fields are invalid; see errors.",
        Extensions = { ["errors"] = errors },
    };

    public static IActionResult FromModelState(ActionContext context)
    {
        var state = context.ModelState;

        // When the body cannot be read, MVC adds "The request field is required." for the body
        // parameter too; the real error is the JSON one.
        var bodyParameters = context.ActionDescriptor.Parameters
            .Where(p => p.BindingInfo?.BindingSource == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body)
            .Select(p => p.BindingInfo?.BinderModelName ?? p.Name)
            .ToHashSet(StringComparer.Ordinal);
        if (state.Count > 1)
        {
            foreach (var key in state.Keys.Where(bodyParameters.Contains).ToList())
            {
                state.Remove(key);
            }
        }

        var malformed = state.Values.SelectMany(v => v.Errors).FirstOrDefault(IsMalformedBody);
        var emptyBody = state.Values.SelectMany(v => v.Errors)
            .Any(e => e.ErrorMessage.Contains("non-empty request body", StringComparison.OrdinalIgnoreCase));
        ProblemDetails problem;
        if (malformed is not null || emptyBody)
        {
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                Detail = emptyBody ? "A JSON request body is required." : "The request body is not valid JSON.",
            };
        }
        else
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var (key, entry) in state)
            {
                if (entry.Errors.Count == 0)
                {
                    continue;
                }

                var field = FieldName(key);
                errors[field] = entry.Errors
                    .Select(e => Message(field, e))
                    .Distinct(StringComparer.Ordinal)
                    .ToArray();
            }

            if (state.Keys.Any(k => k.StartsWith('$')) && BodyErrors(context) is { Count: > 0 } body)
            {
                // The body's own errors replace the first one System.Text.Json stopped at.
                foreach (var key in state.Keys.Where(k => k.StartsWith('$')))
                {
                    errors.Remove(FieldName(key));
                }

                foreach (var (field, messages) in body)
                {
                    errors[field] = messages;
                }
            }

            problem = Create(errors);
        }

        ProblemWriter.Customize(new ProblemDetailsContext { HttpContext = context.HttpContext, ProblemDetails = problem });
        // Not an ObjectResult: the controllers' [Produces("application/json")] would rewrite its
        // content type, and a problem must be served as application/problem+json.
        return new JsonResult(problem)
        {
            StatusCode = problem.Status,
            ContentType = "application/problem+json",
        };
    }

    /// <summary>Every value of the wrong type in the (buffered, well-formed) JSON body; null when it cannot be read again.</summary>
    private static Dictionary<string, string[]>? BodyErrors(ActionContext context)
    {
        var request = context.HttpContext.Request;
        var parameter = context.ActionDescriptor.Parameters.FirstOrDefault(p => p.BindingInfo?.BindingSource == BindingSource.Body);
        if (parameter is null || !request.Body.CanSeek)
        {
            return null;
        }

        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.JsonSerializerOptions;
        request.Body.Position = 0;
        try
        {
            using var document = JsonDocument.Parse(request.Body);
            return BodyTypeErrors.Collect(document.RootElement, parameter.ParameterType, options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The JSON input formatter keeps only the message of System.Text.Json's exception: a value of
    /// the wrong type reads "The JSON value could not be converted …"; every other JSON error is a
    /// syntax error of the body.
    /// </summary>
    private static bool IsMalformedBody(ModelError error) =>
        error.ErrorMessage.Contains("LineNumber:", StringComparison.Ordinal)
        && !error.ErrorMessage.StartsWith("The JSON value could not be converted", StringComparison.Ordinal);

    private static string Message(string field, ModelError error) =>
        error.Exception is not null || string.IsNullOrEmpty(error.ErrorMessage) || error.ErrorMessage.Contains("could not be converted", StringComparison.Ordinal)
            ? $"{field} has a value of the wrong type."
            : error.ErrorMessage.Contains("is not valid for", StringComparison.Ordinal) || error.ErrorMessage.Contains("is invalid", StringComparison.Ordinal)
                ? $"{field} has a value of the wrong type."
                : error.ErrorMessage;

    /// <summary>"$.security_profile" / "request.Template" / "page" → "security_profile" / "template" / "page".</summary>
    private static string FieldName(string key)
    {
        var name = key.StartsWith("$.", StringComparison.Ordinal) ? key[2..] : key == "$" ? "body" : key;
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (!key.StartsWith('$') && dot > 0 && char.IsLower(name[0]) && name[..dot].All(char.IsAsciiLetterOrDigit))
        {
            name = name[(dot + 1)..];
        }

        return FieldPath.ToSnakeCase(name.StartsWith('$') ? name[1..] : name);
    }
}
