using System.Text;
using OcppLab.Api.Errors;

namespace OcppLab.FunctionalTests.Errors;

/// <summary>Which response heads the connection middleware replaces: Kestrel's bare rejections, and nothing an application wrote.</summary>
public sealed class RejectionRewriteTests
{
    [TestCase("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\nDate: Thu, 03 Dec 2026 09:10:27 GMT\r\nServer: Kestrel\r\n\r\n", 400)]
    [TestCase("HTTP/1.1 414 URI Too Long\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", 414)]
    [TestCase("HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Length: 0\r\nDate: x\r\n\r\n", 431)]
    [TestCase("HTTP/1.1 505 HTTP Version Not Supported\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", 505)]
    public void A_bare_rejection_becomes_a_problem(string head, int status)
    {
        var rewritten = RejectionRewritingWriter.TryRewrite(Encoding.ASCII.GetBytes(head), "conn-1");

        Assert.That(rewritten, Is.Not.Null);
        var text = Encoding.UTF8.GetString(rewritten!);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var body = text[(split + 4)..];
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.StartWith($"HTTP/1.1 {status} "));
            Assert.That(text[..split], Does.Contain("Content-Type: application/problem+json").And.Contain($"Content-Length: {Encoding.UTF8.GetByteCount(body)}").And.Contain("Connection: close"));
            Assert.That(System.Text.Json.Nodes.JsonNode.Parse(body)!["status"]!.GetValue<int>(), Is.EqualTo(status));
            Assert.That(System.Text.Json.Nodes.JsonNode.Parse(body)!["trace_id"]!.GetValue<string>(), Is.EqualTo("conn-1"));
        });
    }

    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", TestName = "Not an error status")]
    [TestCase("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", TestName = "Not a status Kestrel rejects with")]
    [TestCase("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", TestName = "Keeps the connection open (an application's answer)")]
    [TestCase("HTTP/1.1 400 Bad Request\r\nContent-Length: 12\r\nConnection: close\r\n\r\n", TestName = "Has a body")]
    [TestCase("HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", TestName = "Has an application's header")]
    [TestCase("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n{}", TestName = "Has bytes after the head")]
    [TestCase("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n", TestName = "Is not a whole head")]
    public void Anything_else_is_left_alone(string head)
    {
        Assert.That(RejectionRewritingWriter.TryRewrite(Encoding.ASCII.GetBytes(head), "conn-1"), Is.Null);
    }
}
