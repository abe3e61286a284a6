using System.Text.Json.Nodes;

namespace OcppLab.FunctionalTests.Infrastructure;

/// <summary>The §0 page envelope of every list endpoint (total, page, limit, data), asserted one way for all of them.</summary>
internal static class PageAssert
{
    /// <summary>Asserts the page's numbers and the ids of its data, in order.</summary>
    public static void IsPage(JsonNode page, int total, int number, int limit, IEnumerable<string?> ids)
    {
        Assert.That(page["total"]!.GetValue<int>(), Is.EqualTo(total), "total");
        Assert.That(page["page"]!.GetValue<int>(), Is.EqualTo(number), "page");
        Assert.That(page["limit"]!.GetValue<int>(), Is.EqualTo(limit), "limit");
        Assert.That(page["data"]!.AsArray().Select(item => item.Str("id")), Is.EqualTo(ids), "the ids of the page's data");
    }
}
