using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Net.Http.Headers;

namespace OcppLab.Api.Errors;

/// <summary>
/// A JSON body that does not parse is a 400, whatever the shape of the request type. System.Text.Json
/// reports a truncated body ("{") with the same "could not be converted" message as a value of the
/// wrong type (a 422), so the syntax is checked on its own before model binding reads the body.
/// The API speaks UTF-8 JSON only (RFC 8259 §8.1): another charset is a 415 before anything is read
/// (MVC would otherwise transcode UTF-16 and fail on an odd byte with a 500), and bytes that are
/// not UTF-8 are a 400 like any other malformed body (the JSON reader does not check the bytes
/// inside strings, so they would surface later as a 422 on a field).
/// </summary>
public sealed class MalformedJsonFilter : IAsyncResourceFilter
{
    private const string BadRequestType = "https://tools.ietf.org/html/rfc9110#section-15.5.1";
    private const string UnsupportedMediaType = "https://tools.ietf.org/html/rfc9110#section-15.5.16";
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        if (!HasBodyParameter(context)
            || request.ContentType is not { } contentType
            || !IsJson(contentType))
        {
            await next();
            return;
        }

        if (!IsUtf8(contentType))
        {
            context.Result = Problem(
                context,
                StatusCodes.Status415UnsupportedMediaType,
                UnsupportedMediaType,
                "The request body must be JSON in UTF-8: send Content-Type application/json without a charset or with charset=utf-8.");
            return;
        }

        if (request.ContentLength is 0)
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
            context.Result = Problem(context, StatusCodes.Status400BadRequest, BadRequestType, $"The request body is not valid JSON: {ex.Message}");
            return;
        }
        catch (JsonException)
        {
            // An empty body (no Content-Length, nothing sent): model binding says it is required.
        }

        request.Body.Position = 0;
        if (await InvalidUtf8AtAsync(request.Body, context.HttpContext.RequestAborted) is { } offset)
        {
            context.Result = Problem(
                context,
                StatusCodes.Status400BadRequest,
                BadRequestType,
                $"The request body is not valid JSON: it is not valid UTF-8 (byte offset {offset}).");
            return;
        }

        request.Body.Position = 0;
        await next();
    }

    private static bool HasBodyParameter(ResourceExecutingContext context) =>
        context.ActionDescriptor.Parameters.Any(p => p.BindingInfo?.BindingSource == BindingSource.Body);

    private static bool IsJson(string contentType) =>
        contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
        || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase);

    /// <summary>No charset parameter, or <c>utf-8</c> in any case (quoted or not).</summary>
    private static bool IsUtf8(string contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            // Not a media type MVC can read either: its own 415 answers.
            return true;
        }

        var charset = mediaType.Parameters.FirstOrDefault(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase));
        return charset is null
            || HeaderUtilities.RemoveQuotes(charset.Value).Equals("utf-8", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The offset of the first byte that is not part of a UTF-8 sequence; null when the whole body is UTF-8.</summary>
    private static async Task<long?> InvalidUtf8AtAsync(Stream body, CancellationToken cancellationToken)
    {
        var decoder = StrictUtf8.GetDecoder();
        var buffer = new byte[16 * 1024];
        var chars = new char[StrictUtf8.GetMaxCharCount(buffer.Length)];
        long read = 0;
        try
        {
            int count;
            while ((count = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                decoder.GetChars(buffer, 0, count, chars, 0, flush: false);
                read += count;
            }

            decoder.GetChars(buffer, 0, 0, chars, 0, flush: true);
            return null;
        }
        catch (DecoderFallbackException ex)
        {
            return Math.Max(0, read + ex.Index);
        }
    }

    private static JsonResult Problem(ResourceExecutingContext context, int status, string type, string detail)
    {
        var problem = new ProblemDetails { Status = status, Type = type, Detail = detail };
        ProblemWriter.Customize(new ProblemDetailsContext { HttpContext = context.HttpContext, ProblemDetails = problem });
        return new JsonResult(problem) { StatusCode = problem.Status, ContentType = "application/problem+json" };
    }
}
