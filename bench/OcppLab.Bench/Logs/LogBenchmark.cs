using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OcppLab.Application;
using OcppLab.Application.Abstractions;
using OcppLab.Bench.Common;
using OcppLab.Domain.Logs;
using OcppLab.Infrastructure;
using OcppLab.Infrastructure.Logging;

namespace OcppLab.Bench.Logs;

/// <summary>
/// Issue #4 §6 (a) and (b): the real <see cref="FrameLogWriter"/> and the real <see cref="ILogStore"/>,
/// resolved from a service provider built exactly as the gateway builds it (AddApplication +
/// AddInfrastructure, the hosted services started: migrations, writer, retention, runtime, workflows),
/// against a SQLite file. Raw ADO.NET numbers on the same data are measured beside them for comparison.
/// With <c>--postgres "&lt;connection string&gt;"</c> the same ingestion runs against that PostgreSQL
/// database instead (emptied first; the binary-COPY inserter), without the SQLite-only raw baselines
/// and query plans of (b).
/// </summary>
internal sealed class LogBenchmark(BenchOptions options)
{
    private static readonly string[] InsertParameters = ["$c", "$d", "$a", "$m", "$t", "$y", "$i"];

    private readonly int _producers = Math.Max(1, options.Int("producers", 4));
    private readonly int _chargers = options.Int("chargers", 1000);
    private readonly int _perCharger = options.Int("per-charger", 1000);
    private readonly int _deep = options.Int("deep", 100_000);
    private readonly int _rate = options.Int("rate", 25_000);
    private readonly int _pacedSeconds = options.Int("paced-seconds", 30);
    private readonly int _queries = options.Int("queries", 500);
    private readonly int _rawRows = options.Int("raw-rows", 300_000);
    private readonly int _rawCacheKib = options.Int("raw-cache-kib", 2000);
    private readonly bool _rawSorted = options.Flag("raw-sorted");
    private readonly string? _postgres = options.Text("postgres", string.Empty) is { Length: > 0 } pg ? pg : null;

    private static readonly TimeSpan NormalStep = TimeSpan.FromMinutes(1);

    public async Task<int> RunAsync()
    {
        var dir = Paths.NewResultsDirectory("logs");
        var report = new Report("Log benchmarks (issue #4 §6 a, b)", dir);
        Console.WriteLine($"Log benchmark; results in {dir}");
        report.Add("machine load average (1/5/15 min) at start", SystemCpuWindow.LoadAverage());

        if (_postgres is null)
        {
            report.Add("raw ADO.NET baseline: prepared INSERT, WAL, 2 seed indexes, 2,000 rows/transaction, ExecuteNonQuery", await RawInsertBaselineAsync(Path.Combine(dir, "raw-sync.db"), perRowAsync: false));
            report.Add("the same with ExecuteNonQueryAsync per row (as SqliteLogBatchInserter does)", await RawInsertBaselineAsync(Path.Combine(dir, "raw-async.db"), perRowAsync: true));
        }
        else
        {
            report.Note($"database: PostgreSQL {PostgresVersion(_postgres)} ({new Npgsql.NpgsqlConnectionStringBuilder(_postgres) { Password = null }.ConnectionString}); settings: {PostgresSettings(_postgres)}");
        }

        if (options.Flag("raw-only"))
        {
            Console.WriteLine(report.Write());
            return 0;
        }

        var database = _postgres ?? Path.Combine(dir, "logs.db");
        var sqlLog = new CapturingLoggerProvider();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production", Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = _postgres is null ? "Sqlite" : "PostgreSql",
            ["ConnectionStrings:OcppLab"] = _postgres ?? $"Data Source={database}",
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(sqlLog);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Services.AddApplication();
        builder.Services.AddInfrastructure(builder.Configuration);

        using var host = builder.Build();
        await host.StartAsync();
        if (_postgres is not null)
        {
            // A reused database starts empty, as a SQLite run's new file does.
            ExecutePostgres(_postgres, "TRUNCATE charger_logs RESTART IDENTITY");
        }

        var writer = host.Services.GetRequiredService<FrameLogWriter>();
        var capacity = host.Services.GetRequiredService<IOptions<LogWriterOptions>>().Value;
        report.Note($"writer settings: Logs:QueueCapacity {capacity.QueueCapacity:N0}, Logs:BatchSize {capacity.BatchSize:N0}; frames of {Frames.MessageLength} characters");

        var origin = DateTimeOffset.UtcNow.AddHours(-20);
        origin = new DateTimeOffset(origin.Ticks - (origin.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        await IngestHistoryAsync(writer, capacity.QueueCapacity, origin, database, report);
        if (_postgres is null)
        {
            await QueryAsync(host.Services, sqlLog, database, origin, report);
        }

        await PacedAsync(writer, database, report);

        var stopping = Stopwatch.GetTimestamp();
        await host.StopAsync();
        report.Add("host stop (writer drains its queue)", $"{Stopwatch.GetElapsedTime(stopping).TotalMilliseconds:0} ms");

        report.Add("machine load average (1/5/15 min) at the end", SystemCpuWindow.LoadAverage());
        var markdown = report.Write();
        Console.WriteLine();
        Console.WriteLine(markdown);
        return 0;
    }

    // ---- (a) ingestion --------------------------------------------------------------------------------

    /// <summary>
    /// The writer's maximum sustained rate: producers keep its queue busy (backing off at 75 % full, so
    /// nothing is lost) until the whole history (1,000 chargers × 1,000 frames + one deep charger) is stored.
    /// </summary>
    private async Task IngestHistoryAsync(FrameLogWriter writer, int queueCapacity, DateTimeOffset origin, string database, Report report)
    {
        long normalTotal = (long)_chargers * _perCharger;
        var total = normalTotal + _deep;
        var deepStep = TimeSpan.FromTicks(NormalStep.Ticks * _perCharger / Math.Max(1, _deep));
        Console.WriteLine($"(a) ingesting {total:N0} frames through FrameLogWriter as fast as it drains");
        // Frames are built before the clock starts: what is timed is Record() and the writer, not the producers' allocations.
        var chargerIds = Enumerable.Range(0, _chargers).Select(Frames.ChargerId).ToArray();
        var planned = Enumerable.Range(0, _producers).Select(p =>
        {
            var frames = new List<ChargerLog>((int)(total / _producers) + 1);
            long deepDone = 0;
            long normalDone = 0;
            for (var j = (long)p; j < normalTotal; j += _producers)
            {
                var k = j / _chargers;
                frames.Add(Frames.Create(chargerIds[(int)(j % _chargers)], k, origin + (NormalStep * k)));
                normalDone++;

                // Interleave this producer's share of the deep charger's history in time order.
                while ((deepDone * _producers) + p < _deep && deepDone * normalTotal < normalDone * _deep)
                {
                    var d = (deepDone * _producers) + p;
                    frames.Add(Frames.Create(DeepCharger, d, origin + (deepStep * d)));
                    deepDone++;
                }
            }

            for (var d = (deepDone * _producers) + p; d < _deep; d += _producers)
            {
                frames.Add(Frames.Create(DeepCharger, d, origin + (deepStep * d)));
            }

            return frames;
        }).ToArray();

        var writtenBefore = writer.WrittenFrames;
        var lostBefore = writer.LostFrames;
        long backoffs = 0;
        var maxDepth = 0;
        var machine = new SystemCpuWindow();
        var ownCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var producers = planned.Select(frames => Task.Factory.StartNew(
            () =>
            {
                foreach (var frame in frames)
                {
                    while (writer.QueueDepth > queueCapacity * 3 / 4)
                    {
                        Interlocked.Increment(ref backoffs);
                        Thread.Sleep(1);
                    }

                    writer.Record(frame);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();

        var lastPrint = 0.0;
        while (writer.WrittenFrames - writtenBefore < total && writer.LostFrames == lostBefore)
        {
            maxDepth = Math.Max(maxDepth, writer.QueueDepth);
            await Task.Delay(2);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (seconds - lastPrint >= 5)
            {
                lastPrint = seconds;
                Console.WriteLine($"  t={seconds:0}s written {writer.WrittenFrames - writtenBefore:N0}, queue {writer.QueueDepth:N0}");
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - ownCpu;
        var cpuPercent = cpuUsed.TotalSeconds / elapsed.TotalSeconds * 100;
        var machineBusy = machine.CoresBusy();
        await Task.WhenAll(producers);
        await writer.FlushAsync(CancellationToken.None);
        var lost = writer.LostFrames - lostBefore;
        var stored = Count(database, "SELECT COUNT(*) FROM charger_logs");
        var rate = total / elapsed.TotalSeconds;
        report.Add(
            $"(a) FrameLogWriter → {(_postgres is null ? "SQLite" : "PostgreSQL")}, maximum sustained rate ({total:N0} frames, table growing from 0)",
            $"{rate:N0} frames/s ({total:N0} in {elapsed.TotalSeconds:0.0} s; peak queue {maxDepth:N0}, producer back-offs {backoffs:N0})",
            "≥ 25,000/s",
            rate >= 25_000);
        report.Add("(a) frames in vs stored, lost", $"{total:N0} in, {stored:N0} stored, LostFrames {lost:N0}", "0 lost", lost == 0 && stored == total);
        report.Add("(a) CPU meanwhile", $"bench process (writer + producers + GC) {cpuPercent:0} % of one core = {cpuUsed.TotalMicroseconds / total:0.0} µs CPU per frame (≈ {total / cpuUsed.TotalSeconds:N0} frames/s per core); whole machine {machineBusy:0.00} of {Environment.ProcessorCount} cores busy");
    }

    /// <summary>A fixed offered load (default 25,000 frames/s) for a fixed time, on top of the history already stored.</summary>
    private async Task PacedAsync(FrameLogWriter writer, string database, Report report)
    {
        if (_pacedSeconds <= 0)
        {
            return;
        }

        Console.WriteLine($"(a) offering {_rate:N0} frames/s for {_pacedSeconds} s");
        var storedBefore = Count(database, "SELECT COUNT(*) FROM charger_logs");
        var writtenBefore = writer.WrittenFrames;
        var lostBefore = writer.LostFrames;
        var perProducer = _rate / (double)_producers;
        var duration = TimeSpan.FromSeconds(_pacedSeconds);
        var chargerIds = Enumerable.Range(0, _chargers).Select(Frames.ChargerId).ToArray();
        var planStart = DateTimeOffset.UtcNow;
        var planned = Enumerable.Range(0, _producers).Select(p =>
            Enumerable.Range(0, (int)(perProducer * _pacedSeconds)).Select(n =>
            {
                var global = ((long)n * _producers) + p;
                return Frames.Create(chargerIds[(int)(global % _chargers)], _perCharger + (global / _chargers), planStart + TimeSpan.FromSeconds(n / perProducer));
            }).ToArray()).ToArray();
        var produced = new long[_producers];
        var machine = new SystemCpuWindow();
        var started = Stopwatch.GetTimestamp();
        var producers = Enumerable.Range(0, _producers).Select(p => Task.Factory.StartNew(
            () =>
            {
                var frames = planned[p];
                var n = 0;
                while (n < frames.Length)
                {
                    var due = Math.Min(frames.Length, (int)(Stopwatch.GetElapsedTime(started).TotalSeconds * perProducer));
                    while (n < due)
                    {
                        writer.Record(frames[n++]);
                    }

                    Thread.Sleep(1);
                }

                produced[p] = n;
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();

        var maxDepth = 0;
        var depthAt = new List<int>();
        var lastSample = 0.0;
        while (!Task.WhenAll(producers).IsCompleted)
        {
            maxDepth = Math.Max(maxDepth, writer.QueueDepth);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (seconds - lastSample >= 1)
            {
                lastSample = seconds;
                depthAt.Add(writer.QueueDepth);
            }

            await Task.Delay(5);
        }

        var offeredFor = Stopwatch.GetElapsedTime(started);
        var machineBusy = machine.CoresBusy();
        var offered = produced.Sum();
        var writtenDuring = writer.WrittenFrames - writtenBefore;
        var flushStarted = Stopwatch.GetTimestamp();
        await writer.FlushAsync(CancellationToken.None);
        var lag = Stopwatch.GetElapsedTime(flushStarted);
        var lost = writer.LostFrames - lostBefore;
        var stored = Count(database, "SELECT COUNT(*) FROM charger_logs") - storedBefore;
        report.Raw("paced_queue_depth_per_second", depthAt);
        report.Add(
            $"(a) offered {_rate:N0} frames/s for {_pacedSeconds} s (table already {storedBefore:N0} rows)",
            $"offered {offered / offeredFor.TotalSeconds:N0}/s, written meanwhile {writtenDuring / offeredFor.TotalSeconds:N0}/s; peak queue {maxDepth:N0}; backlog drained {lag.TotalMilliseconds:0} ms after the load stopped",
            $"keeps up with {_rate:N0}/s",
            writtenDuring >= offered * 0.98 && lost == 0);
        report.Add("(a) paced run: whole machine meanwhile", $"{machineBusy:0.00} of {Environment.ProcessorCount} cores busy");
        report.Add("(a) paced run: frames in vs stored, lost", $"{offered:N0} in, {stored:N0} stored, LostFrames {lost:N0}", "0 lost", lost == 0 && stored == offered);
    }

    private async Task<string> RawInsertBaselineAsync(string path, bool perRowAsync)
    {
        Console.WriteLine($"raw ADO.NET baseline: {_rawRows:N0} rows{(perRowAsync ? ", async per row" : string.Empty)}, page cache {_rawCacheKib:N0} KiB{(_rawSorted ? ", each transaction's rows sorted by charger" : string.Empty)}");
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        Execute(connection, $"""
            PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-{_rawCacheKib};
            CREATE TABLE charger_logs (Id INTEGER NOT NULL CONSTRAINT PK_charger_logs PRIMARY KEY AUTOINCREMENT,
              ChargerId TEXT NOT NULL, Direction INTEGER NOT NULL, Action TEXT NULL, Message TEXT NOT NULL,
              Timestamp INTEGER NOT NULL, MessageType INTEGER NOT NULL, MessageId TEXT NULL);
            CREATE INDEX IX_charger_logs_charger_action_time ON charger_logs (ChargerId, Action, Timestamp, Id);
            CREATE INDEX IX_charger_logs_charger_time ON charger_logs (ChargerId, Timestamp, Id);
            """);
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO charger_logs (ChargerId, Direction, Action, Message, Timestamp, MessageType, MessageId) VALUES ($c, $d, $a, $m, $t, $y, $i)";
        var parameters = InsertParameters.Select(n => insert.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
        insert.Prepare();
        var origin = DateTimeOffset.UtcNow;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        for (var done = 0; done < _rawRows;)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            var chunk = new List<ChargerLog>(2000);
            for (var i = 0; i < 2000 && done + i < _rawRows; i++)
            {
                var n = done + i;
                chunk.Add(Frames.Create(Frames.ChargerId(n % _chargers), n / _chargers, origin.AddSeconds(n / _chargers)));
            }

            if (_rawSorted)
            {
                // Stable: each charger's frames keep their arrival order (and so their Id order).
                chunk = [.. chunk.OrderBy(f => f.ChargerId, StringComparer.Ordinal)];
            }

            foreach (var frame in chunk)
            {
                done++;
                parameters[0].Value = frame.ChargerId;
                parameters[1].Value = (byte)frame.Direction;
                parameters[2].Value = frame.Action;
                parameters[3].Value = frame.Message;
                parameters[4].Value = frame.Timestamp.UtcTicks;
                parameters[5].Value = (byte)frame.MessageType;
                parameters[6].Value = frame.MessageId;
                if (perRowAsync)
                {
                    await insert.ExecuteNonQueryAsync();
                }
                else
                {
                    insert.ExecuteNonQuery();
                }
            }

            transaction.Commit();
            if (done % 100_000 == 0)
            {
                Console.WriteLine($"  {done:N0} rows, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / done:0.0} µs CPU per row so far");
            }
        }

        var cpuUs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / _rawRows;
        return $"{_rawRows / Stopwatch.GetElapsedTime(started).TotalSeconds:N0} rows/s; {cpuUs:0.0} µs CPU per row (≈ {1e6 / cpuUs:N0} rows/s per core)";
    }

    // ---- (b) query ------------------------------------------------------------------------------------

    private const string DeepCharger = "dep-benchdeep";

    private async Task QueryAsync(IServiceProvider services, CapturingLoggerProvider sqlLog, string database, DateTimeOffset origin, Report report)
    {
        Console.WriteLine($"(b) queries: {_queries} per case");
        var from = origin + (NormalStep * (_perCharger / 4));
        var to = origin + (NormalStep * (_perCharger * 3 / 4));
        var connectionString = $"Data Source={database};Default Timeout=30";

        // The SQL the real LogStore sends, captured once.
        sqlLog.CaptureSql = true;
        await EfAsync(services, Frames.ChargerId(0), Frames.QueryEvent, from, to, 0, 1000);
        sqlLog.CaptureSql = false;
        await Task.Delay(1500);
        report.Raw("ef_sql", sqlLog.Sql.ToArray());
        report.Note("SQL sent by LogStore (EF Core), seed query: " + string.Join(" ⏎ ", sqlLog.Sql.Select(OneLine)));

        var random = new Random(42);
        string AnyCharger() => Frames.ChargerId(random.Next(_chargers));

        var cases = new (string Name, Func<string> Charger, string? Event, DateTimeOffset? From, DateTimeOffset? To, int Offset, int Runs, double? TargetP95)[]
        {
            ("seed query: date range + event, count + page of 1,000", AnyCharger, Frames.QueryEvent, from, to, 0, _queries, 5),
            ("date range only, count + page of 1,000", AnyCharger, null, from, to, 0, _queries, null),
            ($"deep offset: {_deep:N0}-entry charger, no filter, offset {Math.Max(0, _deep - 1000):N0}", () => DeepCharger, null, null, null, Math.Max(0, _deep - 1000), Math.Max(20, _queries / 10), null),
            ($"deep offset + event: offset {Math.Max(0, (_deep * 4 / 10) - 1000):N0}", () => DeepCharger, Frames.QueryEvent, null, null, Math.Max(0, (_deep * 4 / 10) - 1000), Math.Max(20, _queries / 10), null),
        };

        foreach (var c in cases)
        {
            var ef = new List<double>();
            var raw = new List<double>();
            var totals = (Ef: -1, Raw: -1);
            for (var i = -20; i < c.Runs; i++)
            {
                var charger = c.Charger();
                var started = Stopwatch.GetTimestamp();
                var (efCount, efTotal) = await EfAsync(services, charger, c.Event, c.From, c.To, c.Offset, 1000);
                var efMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                started = Stopwatch.GetTimestamp();
                var (rawCount, rawTotal) = await RawAsync(connectionString, charger, c.Event, c.From, c.To, c.Offset, 1000);
                var rawMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (efCount != rawCount || efTotal != rawTotal)
                {
                    report.Note($"{c.Name}: EF and raw SQL disagree ({efCount}/{efTotal} vs {rawCount}/{rawTotal})");
                }

                if (i >= 0)
                {
                    ef.Add(efMs);
                    raw.Add(rawMs);
                    totals = (efTotal, rawTotal);
                }
            }

            var efP = Percentiles.Of(ef);
            var rawP = Percentiles.Of(raw);
            report.Raw($"query {c.Name}", new { ef, raw });
            report.Add(
                $"(b) {c.Name} — LogStore/EF (total ≈ {totals.Ef:N0})",
                efP.Ms(),
                c.TargetP95 is { } t ? $"p95 ≤ {t} ms" : string.Empty,
                c.TargetP95 is { } target ? efP.P95 <= target : null);
            report.Add($"(b) {c.Name} — raw SQL", rawP.Ms());
        }

        foreach (var (name, sql) in new[]
        {
            ("count, seed query", "SELECT COUNT(*) FROM charger_logs WHERE ChargerId = 'x' AND Action = 'MeterValues' AND Timestamp >= 1 AND Timestamp <= 2"),
            ("page, seed query", "SELECT * FROM charger_logs WHERE ChargerId = 'x' AND Action = 'MeterValues' AND Timestamp >= 1 AND Timestamp <= 2 ORDER BY Timestamp, Id LIMIT 1000 OFFSET 0"),
            ("page, date range only", "SELECT * FROM charger_logs WHERE ChargerId = 'x' AND Timestamp >= 1 AND Timestamp <= 2 ORDER BY Timestamp, Id LIMIT 1000 OFFSET 0"),
        })
        {
            report.Note($"query plan, {name}: {Plan(connectionString, sql)}");
        }
    }

    private static async Task<(int Count, int Total)> EfAsync(IServiceProvider services, string charger, string? action, DateTimeOffset? from, DateTimeOffset? to, int offset, int limit)
    {
        // One scope (one DbContext) per query, as one HTTP request has.
        await using var scope = services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ILogStore>();
        var (items, total) = await store.QueryAsync(charger, from, to, action, offset, limit, CancellationToken.None);
        return (items.Count, total);
    }

    private static async Task<(int Count, int Total)> RawAsync(string connectionString, string charger, string? action, DateTimeOffset? from, DateTimeOffset? to, int offset, int limit)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        var where = "ChargerId = $c" + (action is null ? string.Empty : " AND Action = $a")
            + (from is null ? string.Empty : " AND Timestamp >= $from") + (to is null ? string.Empty : " AND Timestamp <= $to");
        void Bind(SqliteCommand command)
        {
            command.Parameters.AddWithValue("$c", charger);
            if (action is not null)
            {
                command.Parameters.AddWithValue("$a", action);
            }

            if (from is { } f)
            {
                command.Parameters.AddWithValue("$from", f.UtcTicks);
            }

            if (to is { } t)
            {
                command.Parameters.AddWithValue("$to", t.UtcTicks);
            }
        }

        await using var count = connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM charger_logs WHERE {where}";
        Bind(count);
        var total = (int)(long)(await count.ExecuteScalarAsync())!;
        if (total == 0 || offset >= total)
        {
            return (0, total);
        }

        await using var page = connection.CreateCommand();
        page.CommandText = $"SELECT Id, ChargerId, Direction, Action, Message, Timestamp, MessageType, MessageId FROM charger_logs WHERE {where} ORDER BY Timestamp, Id LIMIT $limit OFFSET $offset";
        Bind(page);
        page.Parameters.AddWithValue("$limit", limit);
        page.Parameters.AddWithValue("$offset", offset);
        var items = new List<ChargerLog>(limit);
        await using var reader = await page.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            items.Add(new ChargerLog
            {
                Id = reader.GetInt64(0),
                ChargerId = reader.GetString(1),
                Direction = (LogDirection)reader.GetByte(2),
                Action = reader.IsDBNull(3) ? null : reader.GetString(3),
                Message = reader.GetString(4),
                Timestamp = new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero),
                MessageType = (LogMessageType)reader.GetByte(6),
                MessageId = reader.IsDBNull(7) ? null : reader.GetString(7),
            });
        }

        return (items.Count, total);
    }

    private static string Plan(string connectionString, string sql)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        using var reader = command.ExecuteReader();
        var steps = new List<string>();
        while (reader.Read())
        {
            steps.Add(reader.GetString(3));
        }

        return string.Join("; ", steps);
    }

    private long Count(string database, string sql)
    {
        if (_postgres is not null)
        {
            using var pg = new Npgsql.NpgsqlConnection(database);
            pg.Open();
            using var count = new Npgsql.NpgsqlCommand(sql, pg);
            return (long)count.ExecuteScalar()!;
        }

        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static void ExecutePostgres(string connectionString, string sql)
    {
        using var connection = new Npgsql.NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static string PostgresVersion(string connectionString)
    {
        using var connection = new Npgsql.NpgsqlConnection(connectionString);
        connection.Open();
        return connection.PostgreSqlVersion.ToString();
    }

    private static string PostgresSettings(string connectionString)
    {
        using var connection = new Npgsql.NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand(
            "SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'wal_buffers', 'max_wal_size')",
            connection);
        return (string)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string OneLine(string text) => string.Join(' ', text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
