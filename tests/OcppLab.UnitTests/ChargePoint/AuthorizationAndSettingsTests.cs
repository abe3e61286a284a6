using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Domain.Common;
using static OcppLab.UnitTests.ChargePoint.ChargePointKit;

namespace OcppLab.UnitTests.ChargePoint;

/// <summary>The local authorization list, the authorization cache, deauthorization, and the settings catalog.</summary>
public sealed class AuthorizationAndSettingsTests
{
    private static readonly IdTagInfo Accepted = new(AuthorizationStatus.Accepted);

    private static (string, IdTagInfo?)[] Entries(params (string Tag, IdTagInfo? Info)[] entries) => entries.Select(e => (e.Tag, e.Info)).ToArray();

    // ---- Local list ---------------------------------------------------------------------

    [Test]
    public void A_full_update_replaces_the_list_and_sets_its_version()
    {
        var list = new LocalAuthList();
        list.Apply(3, full: true, Entries(("OLD", Accepted)), 100);

        var outcome = list.Apply(2, full: true, Entries(("A", Accepted), ("B", new IdTagInfo(AuthorizationStatus.Blocked))), 100);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(UpdateOutcome.Accepted));
            Assert.That(list.Version, Is.EqualTo(2), "a full update may set any version");
            Assert.That(list.Entries.Keys, Is.EquivalentTo(new[] { "A", "B" }));
            Assert.That(list.Find("B")!.Status, Is.EqualTo(AuthorizationStatus.Blocked));
            Assert.That(list.Find("OLD"), Is.Null);
        });
    }

    [Test]
    public void A_differential_update_adds_changes_and_removes_entries()
    {
        var list = new LocalAuthList();
        list.Apply(1, full: true, Entries(("A", Accepted), ("B", Accepted)), 100);

        var outcome = list.Apply(2, full: false, Entries(("A", null), ("B", new IdTagInfo(AuthorizationStatus.Expired)), ("C", Accepted)), 100);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(UpdateOutcome.Accepted));
            Assert.That(list.Version, Is.EqualTo(2));
            Assert.That(list.Entries.Keys, Is.EquivalentTo(new[] { "B", "C" }));
            Assert.That(list.Find("B")!.Status, Is.EqualTo(AuthorizationStatus.Expired));
        });
    }

    [TestCase(1)]
    [TestCase(0)]
    public void A_differential_update_must_carry_a_newer_version(int version)
    {
        var list = new LocalAuthList();
        list.Apply(1, full: true, Entries(("A", Accepted)), 100);

        Assert.Multiple(() =>
        {
            Assert.That(list.Apply(version, full: false, Entries(("B", Accepted)), 100), Is.EqualTo(UpdateOutcome.VersionMismatch));
            Assert.That(list.Version, Is.EqualTo(1));
            Assert.That(list.Find("B"), Is.Null);
        });
    }

    [Test]
    public void Updates_that_overflow_the_list_or_carry_no_info_in_a_full_update_fail_and_change_nothing()
    {
        var list = new LocalAuthList();
        list.Apply(1, full: true, Entries(("A", Accepted)), 2);

        Assert.Multiple(() =>
        {
            Assert.That(list.Apply(2, full: false, Entries(("B", Accepted), ("C", Accepted)), 2), Is.EqualTo(UpdateOutcome.Failed));
            Assert.That(list.Apply(2, full: true, Entries(("B", null)), 2), Is.EqualTo(UpdateOutcome.Failed));
            Assert.That(list.Version, Is.EqualTo(1));
            Assert.That(list.Entries.Keys, Is.EqualTo(new[] { "A" }));
        });
    }

    [Test]
    public void Clearing_the_list_resets_its_version_to_0()
    {
        var list = new LocalAuthList();
        list.Apply(7, full: true, Entries(("A", Accepted), ("B", Accepted)), 100);

        Assert.Multiple(() =>
        {
            Assert.That(list.Clear(), Is.EqualTo(2));
            Assert.That(list.Version, Is.Zero);
            Assert.That(list.Count, Is.Zero);
        });
    }

    [Test]
    public void A_full_update_with_an_empty_list_empties_it()
    {
        var list = new LocalAuthList();
        list.Apply(1, full: true, Entries(("A", Accepted)), 100);

        Assert.Multiple(() =>
        {
            Assert.That(list.Apply(2, full: true, [], 100), Is.EqualTo(UpdateOutcome.Accepted));
            Assert.That(list.Count, Is.Zero);
            Assert.That(list.Version, Is.EqualTo(2));
        });
    }

    // ---- Local authorization and cache ------------------------------------------------------

    [Test]
    public void Local_authorization_asks_the_list_first_then_the_cache()
    {
        var kit = new ChargePointKit();
        kit.Model.LocalList.Apply(1, full: true, Entries(("LISTED", new IdTagInfo(AuthorizationStatus.Blocked))), 100);
        kit.Model.RememberAuthorization("CACHED", Accepted);
        kit.Model.RememberAuthorization("LISTED", Accepted);

        Assert.Multiple(() =>
        {
            Assert.That(kit.Model.LocalAuthorization("LISTED")!.Status, Is.EqualTo(AuthorizationStatus.Blocked));
            Assert.That(kit.Model.Cache.Find("LISTED"), Is.Null, "tags on the local list are not cached");
            Assert.That(kit.Model.LocalAuthorization("CACHED")!.Status, Is.EqualTo(AuthorizationStatus.Accepted));
            Assert.That(kit.Model.LocalAuthorization("UNKNOWN"), Is.Null);
        });
    }

    [Test]
    public void Disabled_list_and_cache_are_not_consulted()
    {
        var kit = new ChargePointKit(settings: new Dictionary<string, string>
        {
            ["LocalAuthListEnabled"] = "false",
            ["AuthorizationCacheEnabled"] = "false",
        });
        kit.Model.LocalList.Apply(1, full: true, Entries(("LISTED", Accepted)), 100);
        kit.Model.RememberAuthorization("CACHED", Accepted);

        Assert.Multiple(() =>
        {
            Assert.That(kit.Model.LocalAuthorization("LISTED"), Is.Null);
            Assert.That(kit.Model.LocalAuthorization("CACHED"), Is.Null);
            Assert.That(kit.Model.Cache.Count, Is.Zero, "nothing is cached while the cache is off");
        });
    }

    [Test]
    public void The_cache_keeps_the_latest_answer_and_clears()
    {
        var cache = new AuthorizationCache();
        cache.Remember("A", Accepted);
        cache.Remember("A", new IdTagInfo(AuthorizationStatus.Expired));
        cache.Remember("B", Accepted);

        Assert.Multiple(() =>
        {
            Assert.That(cache.Count, Is.EqualTo(2));
            Assert.That(cache.Find("A")!.Status, Is.EqualTo(AuthorizationStatus.Expired));
            Assert.That(cache.Clear(), Is.EqualTo(2));
            Assert.That(cache.Find("B"), Is.Null);
        });
    }

    [Test]
    public void The_cache_evicts_the_oldest_entry_beyond_its_capacity()
    {
        var cache = new AuthorizationCache();
        for (var i = 0; i <= 1_000; i++)
        {
            cache.Remember($"TAG-{i}", Accepted);
        }

        Assert.Multiple(() =>
        {
            Assert.That(cache.Count, Is.EqualTo(1_000));
            Assert.That(cache.Find("TAG-0"), Is.Null);
            Assert.That(cache.Find("TAG-1000"), Is.Not.Null);
        });
    }

    [Test]
    public void An_id_tag_is_valid_only_when_accepted_and_not_expired()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Accepted.IsValidAt(Start), Is.True);
            Assert.That(new IdTagInfo(AuthorizationStatus.Accepted, Start.AddDays(1)).IsValidAt(Start), Is.True);
            Assert.That(new IdTagInfo(AuthorizationStatus.Accepted, Start).IsValidAt(Start), Is.False);
            Assert.That(new IdTagInfo(AuthorizationStatus.Blocked).IsValidAt(Start), Is.False);
        });
    }

    [Test]
    public void A_deauthorized_transaction_stops_when_StopTransactionOnInvalidId()
    {
        var kit = new ChargePointKit();
        var connector = kit.Charging();

        kit.Model.Deauthorize(connector);

        Assert.Multiple(() =>
        {
            Assert.That(connector.Transaction, Is.Null);
            Assert.That(connector.LastTransaction!.StopReason, Is.EqualTo(StopReason.DeAuthorized));
            Assert.That(kit.Model.TakeEvents().OfType<TransactionEnded>().Single().Trigger, Is.EqualTo(TxTrigger.Deauthorized));
        });
    }

    [Test]
    public void A_deauthorized_transaction_is_suspended_otherwise()
    {
        var kit = new ChargePointKit(settings: new Dictionary<string, string> { ["StopTransactionOnInvalidId"] = "false" });
        var connector = kit.Charging();

        kit.Model.Deauthorize(connector);

        Assert.Multiple(() =>
        {
            Assert.That(connector.Transaction, Is.Not.Null);
            Assert.That(connector.PowerW, Is.Zero);
            // 1.6 §4.9: SuspendedEVSE is the status "as the result of StartTransaction.conf indicating that charging is not allowed".
            Assert.That(connector.Status, Is.EqualTo(ConnectorStatus.SuspendedEVSE));
            Assert.That(connector.Transaction!.ChargingState, Is.EqualTo(ChargingState.SuspendedEVSE));
        });

        kit.Model.SetEvRequestsEnergy(1, true);
        Assert.That(connector.PowerW, Is.Zero, "the car asking again does not restart a refused transaction");
    }

    // ---- Settings -----------------------------------------------------------------------------

    private static ChargePointSpec Spec(OcppVersion version = OcppVersion.V16) => new ChargePointKit(version).Spec;

    [Test]
    public void Defaults_come_from_the_catalog_and_the_spec()
    {
        var settings = new ChargePointSettings(Spec());

        Assert.Multiple(() =>
        {
            Assert.That(settings.GetInt(SettingsCatalog.HeartbeatInterval), Is.EqualTo(300));
            Assert.That(settings.GetInt(SettingsCatalog.MeterValueSampleInterval), Is.EqualTo(60));
            Assert.That(settings.Get("NumberOfConnectors"), Is.EqualTo("2"));
            Assert.That(settings.GetBool(SettingsCatalog.AuthorizeRemoteTxRequests), Is.False);
            Assert.That(settings.GetList(SettingsCatalog.MeterValuesSampledData), Is.EqualTo(new[] { "Energy.Active.Import.Register", "Power.Active.Import" }));
            Assert.That(settings.Get("ChargingScheduleAllowedChargingRateUnit"), Is.EqualTo("Current,Power"));
            Assert.That(new ChargePointSettings(Spec(OcppVersion.V201)).Get("ChargingScheduleAllowedChargingRateUnit"), Is.EqualTo("A,W"));
            Assert.That(settings.HasUnsavedChanges, Is.False);
        });
    }

    [Test]
    public void A_valid_change_is_Accepted_normalized_and_marked_unsaved()
    {
        var settings = new ChargePointSettings(Spec());

        Assert.Multiple(() =>
        {
            Assert.That(settings.TrySet(SettingsCatalog.Find(SettingsCatalog.AuthorizeRemoteTxRequests)!, "True"), Is.EqualTo(SetStatus.Accepted));
            Assert.That(settings.Get(SettingsCatalog.AuthorizeRemoteTxRequests), Is.EqualTo("true"));
            Assert.That(settings.TrySet(SettingsCatalog.Find(SettingsCatalog.MeterValuesSampledData)!, " Energy.Active.Import.Register , SoC "), Is.EqualTo(SetStatus.Accepted));
            Assert.That(settings.Get(SettingsCatalog.MeterValuesSampledData), Is.EqualTo("Energy.Active.Import.Register,SoC"));
            Assert.That(settings.HasUnsavedChanges, Is.True);
            Assert.That(settings.Overrides.Keys, Is.EquivalentTo(new[] { SettingsCatalog.AuthorizeRemoteTxRequests, SettingsCatalog.MeterValuesSampledData }));
        });

        settings.MarkSaved();
        settings.TrySet(SettingsCatalog.Find(SettingsCatalog.AuthorizeRemoteTxRequests)!, "true");
        Assert.That(settings.HasUnsavedChanges, Is.False, "setting the same value is no change");
    }

    [TestCase("NumberOfConnectors", "4", Description = "read-only")]
    [TestCase(SettingsCatalog.HeartbeatInterval, "abc", Description = "not an integer")]
    [TestCase(SettingsCatalog.HeartbeatInterval, "0", Description = "below the minimum")]
    [TestCase(SettingsCatalog.HeartbeatInterval, "1.5", Description = "not an integer")]
    [TestCase(SettingsCatalog.AuthorizeRemoteTxRequests, "yes", Description = "not a boolean")]
    [TestCase(SettingsCatalog.MeterValuesSampledData, "Energy.Active.Import.Register,Bogus", Description = "unknown member")]
    [TestCase("LocalAuthListCtrlr.Entries", "3", Description = "a live value")]
    public void Invalid_changes_are_Rejected_and_keep_the_value(string name, string value)
    {
        var settings = new ChargePointSettings(Spec());
        var before = settings.Get(name);

        Assert.Multiple(() =>
        {
            Assert.That(settings.TrySet(SettingsCatalog.Find(name)!, value), Is.EqualTo(SetStatus.Rejected));
            Assert.That(settings.Get(name), Is.EqualTo(before));
            Assert.That(settings.HasUnsavedChanges, Is.False);
        });
    }

    [Test]
    public void Settings_that_need_a_reboot_say_RebootRequired()
    {
        var settings = new ChargePointSettings(Spec());

        Assert.Multiple(() =>
        {
            Assert.That(settings.TrySet(SettingsCatalog.Find(SettingsCatalog.WebSocketPingInterval)!, "30"), Is.EqualTo(SetStatus.RebootRequired));
            Assert.That(settings.GetInt(SettingsCatalog.WebSocketPingInterval), Is.EqualTo(30));
        });
    }

    [Test]
    public void Unknown_settings_are_not_found_and_unknown_overrides_are_dropped()
    {
        var settings = new ChargePointSettings(Spec(), new Dictionary<string, string> { ["NoSuchKey"] = "1", ["HeartbeatInterval"] = "90" });

        Assert.Multiple(() =>
        {
            Assert.That(SettingsCatalog.Find("NoSuchKey"), Is.Null);
            Assert.That(SettingsCatalog.FindKey16("NoSuchKey"), Is.Null);
            Assert.That(() => settings.Get("NoSuchKey"), Throws.ArgumentException);
            Assert.That(settings.Overrides.Keys, Is.EqualTo(new[] { "HeartbeatInterval" }));
            Assert.That(settings.GetInt("HeartbeatInterval"), Is.EqualTo(90));
        });
    }

    [Test]
    public void Keys_and_variables_are_found_case_insensitively()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SettingsCatalog.FindKey16("heartbeatinterval")?.Name, Is.EqualTo(SettingsCatalog.HeartbeatInterval));
            Assert.That(SettingsCatalog.FindVariable("ocppcommctrlr", "heartbeatinterval", null)?.Name, Is.EqualTo(SettingsCatalog.HeartbeatInterval));
            Assert.That(SettingsCatalog.FindVariable("OCPPCommCtrlr", "MessageAttempts", "TransactionEvent")?.Name, Is.EqualTo(SettingsCatalog.TransactionMessageAttempts));
            Assert.That(SettingsCatalog.FindVariable("OCPPCommCtrlr", "MessageAttempts", null), Is.Null, "the instance must match");
            Assert.That(SettingsCatalog.FindKey16(SettingsCatalog.TxStartedMeasurands), Is.Null, "2.0.1-only variables have no 1.6 key");
            Assert.That(SettingsCatalog.IsKnownComponent("TxCtrlr"), Is.True);
            Assert.That(SettingsCatalog.IsKnownComponent("FluxCapacitor"), Is.False);
        });
    }

    [Test]
    public void Setting_names_are_unique_and_every_1_6_key_fits_the_schema_length()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SettingsCatalog.All.Select(d => d.Name), Is.Unique);
            Assert.That(SettingsCatalog.All.Where(d => d.Key16 is not null).Select(d => d.Key16!.ToUpperInvariant()), Is.Unique);
            Assert.That(SettingsCatalog.All.Where(d => d.Key16 is not null).Select(d => d.Key16!.Length), Is.All.LessThanOrEqualTo(50));
            Assert.That(
                SettingsCatalog.All.Where(d => d.ExistsIn201).Select(d => $"{d.Component}/{d.Variable}/{d.Instance}".ToUpperInvariant()),
                Is.Unique);
        });
    }

    [Test]
    public void Live_settings_read_the_model()
    {
        var kit = new ChargePointKit(OcppVersion.V201);
        kit.Model.LocalList.Apply(1, full: true, Entries(("A", Accepted), ("B", Accepted)), 100);
        var entries = SettingsCatalog.Find("LocalAuthListCtrlr.Entries")!;
        var clock = SettingsCatalog.Find("ClockCtrlr.DateTime")!;

        Assert.Multiple(() =>
        {
            Assert.That(entries.Live!(kit.Model), Is.EqualTo("2"));
            Assert.That(clock.Live!(kit.Model), Is.EqualTo("2026-03-02T08:00:00.000Z"));
        });
    }
}
