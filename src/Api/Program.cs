using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using OcppLab.Api;
using OcppLab.Api.Auth;
using OcppLab.Application;
using OcppLab.Infrastructure;
using OcppLab.Application.Locations;
using Serilog;

if (args.Length > 0 && args[0] == MintTokenCommand.Name)
{
    // Prints the token and nothing else: no host, no logging.
    var configuration = new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddJsonFile($"appsettings.{Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production"}.json", optional: true)
        .AddEnvironmentVariables()
        .Build();
    return MintTokenCommand.Run(args[1..], configuration, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);

// The shipped appsettings.json sits next to the binary. Run from another directory, the content root
// has none and the gateway would start without its logging configuration (silently). It goes first:
// the content root's files, the environment and the command line all override it.
builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
{
    Path = "appsettings.json",
    Optional = true,
    FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
});
builder.Services.AddSerilog((services, logger) => logger
    .ReadFrom.Configuration(builder.Configuration)
    .ReadFrom.Services(services)
    .Enrich.FromLogContext()
    .Filter.ByExcluding(ExpectedRace)
    .Filter.ByExcluding(OrleansGcNote)
    .Filter.ByExcluding(OrleansStartupStall));

builder.Services
    .AddApplication()
    .AddInfrastructure(builder.Configuration)
    .AddApi(builder.Configuration);

var app = builder.Build();
app.UseApi();
await app.RunAsync();
return 0;

// EF Core's error entry for an INSERT that lost an expected race (LocationResolver handles it) is noise.
static bool ExpectedRace(Serilog.Events.LogEvent e) =>
    e.Properties.ContainsKey(LocationResolver.ExpectedRaceScope)
    && e.Properties.TryGetValue("SourceContext", out var source)
    && source is Serilog.Events.ScalarValue { Value: string category }
    && category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal);

// The silo's start-up notes about the GC mode (ADR 11): the gateway runs server GC; a host that does
// not (the tests' test host) is not a fault worth a warning at every start.
static bool OrleansGcNote(Serilog.Events.LogEvent e) =>
    e.MessageTemplate.Text.StartsWith("Note: Silo not running with ServerGC", StringComparison.Ordinal)
    || e.MessageTemplate.Text.StartsWith("Note: ServerGC only kicks in", StringComparison.Ordinal);

// Orleans 10's watchdog reports a "stall" measured from a timestamp its component thread has not set
// yet when the platform thread ticks first at start-up (the figure is the machine's uptime). A stall
// longer than this process has existed is that race, not a stall.
static bool OrleansStartupStall(Serilog.Events.LogEvent e) =>
    e.MessageTemplate.Text.StartsWith("Participant check thread has not completed for", StringComparison.Ordinal)
    && e.Properties.TryGetValue("TimeSinceLastTick", out var value)
    && value is Serilog.Events.ScalarValue { Value: TimeSpan stalled }
    && stalled > DateTime.Now - ProcessStart.Time;

/// <summary>The entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;

/// <summary>When this process started, read once (a Process object per log event would never be disposed).</summary>
internal static class ProcessStart
{
    public static readonly DateTime Time = Read();

    private static DateTime Read()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.StartTime;
    }
}
