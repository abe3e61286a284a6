using Microsoft.Extensions.DependencyInjection;
using OcppLab.Application.Abstractions;
using OcppLab.Domain.Logs;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Logs;

/// <summary>
/// A logs page is streamed row by row from the database, also where the provider's execution strategy
/// retries (SQL Server, PostgreSQL), which makes EF buffer a whole result by default: the first frame
/// must be handed out before the rest of the page has been read into memory. Most telling on
/// PostgreSQL (OCPPLAB_TEST_DATABASE=PostgreSql); on SQLite nothing buffers.
/// </summary>
[NonParallelizable]
public sealed class LogStreamingTests
{
    private const int Frames = 200;
    private const int FrameChars = 192 * 1024;

    [Test]
    public async Task The_first_frame_of_a_page_is_handed_out_before_the_page_is_read_whole()
    {
        await using var factory = new GatewayFactory();
        factory.CreateClient();
        await using (var db = GatewayFactory.OpenDatabase(factory.DatabasePath))
        {
            var start = DateTimeOffset.UtcNow.AddHours(-1);
            for (var i = 0; i < Frames; i++)
            {
                db.ChargerLogs.Add(new ChargerLog
                {
                    ChargerId = "CP-STREAM",
                    Direction = LogDirection.CpToCsms,
                    Action = "DataTransfer",
                    Message = new string('x', FrameChars),
                    Timestamp = start.AddMilliseconds(i),
                    MessageType = LogMessageType.Call,
                    MessageId = $"m-{i}",
                });
            }

            await db.SaveChangesAsync();
        }

        await using var scope = factory.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ILogStore>();
        var (rows, total) = await store.StreamAsync("CP-STREAM", null, null, null, 0, Frames, CancellationToken.None);
        Assert.That(total, Is.EqualTo(Frames));

        var before = GC.GetTotalAllocatedBytes(precise: true);
        long atFirstRow = -1;
        var count = 0;
        await foreach (var row in rows)
        {
            if (count++ == 0)
            {
                atFirstRow = GC.GetTotalAllocatedBytes(precise: true) - before;
            }

            Assert.That(row.Message.ReadToEnd(), Has.Length.EqualTo(FrameChars));
        }

        Assert.That(count, Is.EqualTo(Frames));
        var page = (long)Frames * FrameChars * sizeof(char);
        Assert.That(atFirstRow, Is.LessThan(page / 4), $"allocated before the first frame: {atFirstRow / 1048576.0:0.0} MiB of a {page / 1048576} MiB page");
    }
}
