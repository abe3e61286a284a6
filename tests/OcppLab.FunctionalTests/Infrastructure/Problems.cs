using System.Text.Json.Nodes;

namespace OcppLab.FunctionalTests.Infrastructure;

/// <summary>Assertions on RFC 9457 problem details.</summary>
public static class Problems
{
    /// <summary>The response is a problem of <paramref name="status"/> with a title and a trace id, and shows no internals.</summary>
    public static async Task<JsonObject> AssertProblemAsync(this HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(status), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), text);
        var json = JsonNode.Parse(text)!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(json["status"]?.GetValue<int>(), Is.EqualTo(status), text);
            Assert.That(json["title"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, text);
            Assert.That(json["trace_id"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, text);
            Assert.That(text, Does.Not.Contain("   at ").And.Not.Contain("StackTrace").And.Not.Contain("Exception:"), text);
        });
        return json;
    }

    /// <summary>A 422 whose <c>errors</c> name exactly the given snake_case paths (each with at least one message).</summary>
    public static async Task<JsonObject> AssertValidationAsync(this HttpResponseMessage response, params string[] fields)
    {
        var json = await response.AssertProblemAsync(422);
        var errors = json["errors"]?.AsObject();
        Assert.That(errors, Is.Not.Null, json.ToJsonString());
        Assert.That(errors!.Select(e => e.Key), Is.EquivalentTo(fields), json.ToJsonString());
        foreach (var (_, messages) in errors)
        {
            Assert.That(messages!.AsArray().Select(m => m!.GetValue<string>()), Is.Not.Empty.And.All.Not.Empty, json.ToJsonString());
        }

        return json;
    }

    /// <summary>The messages of one field of a 422.</summary>
    public static IReadOnlyList<string> ErrorsOf(this JsonObject problem, string field) =>
        problem["errors"]![field]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
}
