using OcppLab.Bench.Common;
using OcppLab.Bench.Fleet;
using OcppLab.Bench.Frames;
using OcppLab.Bench.Logs;

// bench/run.sh fleet|logs [options] — see bench/README.md.
if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine("""
        usage: OcppLab.Bench fleet [--chargers 10000] [--steady-seconds 60] [--probes 300] [--env KEY=VALUE ...]
               OcppLab.Bench frames [--rounds 20000]
               OcppLab.Bench logs  [--chargers 1000] [--per-charger 1000] [--deep 100000] [--rate 25000] [--paced-seconds 30] [--queries 500]
        """);
    return 0;
}

var options = new BenchOptions(args[1..]);
switch (args[0])
{
    case "fleet":
        return await new FleetBenchmark(options).RunAsync();
    case "logs":
        return await new LogBenchmark(options).RunAsync();
    case "frames":
        return FrameAllocations.Run(options);
    default:
        Console.Error.WriteLine($"Unknown benchmark '{args[0]}': use fleet, frames or logs.");
        return 2;
}
