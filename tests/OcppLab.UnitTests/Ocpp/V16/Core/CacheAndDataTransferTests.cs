using static OcppLab.UnitTests.Ocpp.Station;
using static OcppLab.UnitTests.Ocpp.V16.V16Station;

namespace OcppLab.UnitTests.Ocpp.V16.Core;

/// <summary>OCPP 1.6 Core: ClearCache (DataTransfer: <see cref="BothVersions.ActionsTests"/>).</summary>
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
}
