// The namespaces every OCPP protocol test (Ocpp/V16, Ocpp/V201, Ocpp/BothVersions) reads: one list
// for the project instead of the same header in each file.
global using System.Text.Json.Nodes;
global using OcppLab.Domain.ChargePoint;
global using OcppLab.Domain.ChargePoint.Authorization;
global using OcppLab.Domain.ChargePoint.Settings;
global using OcppLab.Domain.Common;
global using OcppLab.Infrastructure.Ocpp.Framing;
global using OcppLab.Infrastructure.Ocpp.Protocol;
global using OcppLab.UnitTests.Ocpp.Protocol;
global using Payloads = OcppLab.UnitTests.Ocpp.Protocol.Json;
