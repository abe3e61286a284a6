using OcppLab.Bench.Csms;

// A minimal loopback CSMS for the fleet benchmark: accepts ocpp1.6 and ocpp2.0.1 on
// ws://<host>/ocpp/{identity}, answers every CALL at once (BootNotification: Accepted, interval 30),
// counts every frame, and serves its counters over HTTP (GET /stats).
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
// A listen backlog sized for a storm: 10,000 chargers reconnecting at once can overflow Kestrel's
// default of 512, and the kernel then drops SYNs that are retried a second later, which would measure
// the CSMS, not the gateway (the kernel caps it at net.core.somaxconn; the fleet bench reports the
// kernel's ListenOverflows during the storm).
builder.WebHost.UseSockets(o => o.Backlog = 8192);
builder.WebHost.ConfigureKestrel(k =>
{
    k.Limits.MaxConcurrentConnections = null;
    k.Limits.MaxConcurrentUpgradedConnections = null;
});

var interval = builder.Configuration.GetValue("Csms:HeartbeatInterval", 30);
var stats = new CsmsStats();
var csms = new Csms(stats, interval);

var app = builder.Build();
app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });

app.Map("/ocpp/{identity}", (HttpContext context, string identity) => csms.AcceptAsync(context, identity));
app.MapGet("/stats", () => Results.Json(stats.Snapshot()));
app.MapPost("/mark", () =>
{
    stats.Mark();
    return Results.Json(stats.Snapshot());
});
app.MapPost("/admin/call/{identity}", async (string identity, string? action, CancellationToken cancellationToken) =>
{
    var result = await csms.CallAsync(identity, action ?? "ClearCache", cancellationToken);
    return result is null ? Results.NotFound() : Results.Json(result);
});

await app.RunAsync();
