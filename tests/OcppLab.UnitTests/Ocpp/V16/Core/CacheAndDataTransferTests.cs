using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Framing;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.UnitTests.Ocpp.Protocol;
using Payloads = OcppLab.UnitTests.Ocpp.Protocol.Json;
using static OcppLab.UnitTests.Ocpp.V16.V16Station;

namespace OcppLab.UnitTests.Ocpp.V16.Core;

/// <summary>OCPP 1.6 Core: ClearCache and DataTransfer.</summary>
public sealed class CacheAndDataTransferTests
{
    [Test]
    public void ClearCache_empties_the_cache_or_is_Rejected_when_it_is_disabled()
    {
        var session = Session();
        session.Model.RememberAuthorization("TAG", new IdTagInfo(AuthorizationStatus.Accepted));
        var disabled = Session(new Dictionary<string, string> { ["AuthorizationCacheEnabled"] = "false" });

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("ClearCache", [])), Is.EqualTo("Accepted"));
            Assert.That(session.Model.Cache.Count, Is.Zero);
            Assert.That(Status(disabled.Receive("ClearCache", [])), Is.EqualTo("Rejected"));
        });
    }

    [Test]
    public void DataTransfer_echoes_for_the_simulator_vendor_and_refuses_other_vendors()
    {
        var session = Session();

        var ours = session.Receive("DataTransfer", Payloads.Of("""{"vendorId":"OcppLab","messageId":"ping","data":"hello"}"""));
        var theirs = session.Receive("DataTransfer", Payloads.Of("""{"vendorId":"Acme"}"""));

        Assert.Multiple(() =>
        {
            Assert.That(Status(ours), Is.EqualTo("Accepted"));
            Assert.That(ours.Result.Str("data"), Is.EqualTo("hello"));
            Assert.That(Status(theirs), Is.EqualTo("UnknownVendorId"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }
}
