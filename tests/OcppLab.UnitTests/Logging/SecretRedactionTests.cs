using System.Text.Json.Nodes;
using OcppLab.Infrastructure.Logging;

namespace OcppLab.UnitTests.Logging;

/// <summary>Issue 9 item 6: which CSMS CALLs lose their secret in the stored frame, and that nothing else changes.</summary>
public sealed class SecretRedactionTests
{
    [TestCase("""[2,"1","ChangeConfiguration",{"key":"AuthorizationKey","value":"s3cret"}]""", """[2,"1","ChangeConfiguration",{"key":"AuthorizationKey","value":"[redacted]"}]""")]
    [TestCase("""[2,"1","ChangeConfiguration",{"key":"authorizationkey","value":"s3cret"}]""", """[2,"1","ChangeConfiguration",{"key":"authorizationkey","value":"[redacted]"}]""")]
    [TestCase("""[2,"1","ChangeConfiguration",{"key":"AuthorizationKey","value":42}]""", """[2,"1","ChangeConfiguration",{"key":"AuthorizationKey","value":"[redacted]"}]""")]
    [TestCase(
        """[2,"2","SetVariables",{"setVariableData":[{"attributeValue":"1","component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}},{"attributeValue":"s3cret","component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"}}]}]""",
        """[2,"2","SetVariables",{"setVariableData":[{"attributeValue":"1","component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}},{"attributeValue":"[redacted]","component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"}}]}]""")]
    [TestCase(
        """[2,"3","SetNetworkProfile",{"configurationSlot":1,"connectionData":{"ocppVersion":"OCPP20","ocppTransport":"JSON","ocppCsmsUrl":"wss://csms","messageTimeout":30,"securityProfile":1,"ocppInterface":"Wired0","apn":{"apn":"a","apnAuthentication":"AUTO","apnPassword":"p1"},"vpn":{"server":"v","user":"u","password":"p2","key":"k","type":"IPSec"}}}]""",
        """[2,"3","SetNetworkProfile",{"configurationSlot":1,"connectionData":{"ocppVersion":"OCPP20","ocppTransport":"JSON","ocppCsmsUrl":"wss://csms","messageTimeout":30,"securityProfile":1,"ocppInterface":"Wired0","apn":{"apn":"a","apnAuthentication":"AUTO","apnPassword":"[redacted]"},"vpn":{"server":"v","user":"u","password":"[redacted]","key":"[redacted]","type":"IPSec"}}}]""")]
    public void A_secret_is_replaced_and_the_frame_stays_valid_json(string sent, string stored)
    {
        var action = JsonNode.Parse(sent)!.AsArray()[2]!.GetValue<string>();

        var logged = SecretRedaction.ForLog(sent, action);

        Assert.That(logged, Is.EqualTo(stored));
        Assert.That(JsonNode.Parse(logged), Is.InstanceOf<JsonArray>());
    }

    [TestCase("""[2,"1","ChangeConfiguration",{"key":"HeartbeatInterval","value":"60"}]""", "ChangeConfiguration")]
    [TestCase("""[2,"1","ChangeConfiguration",{"key":"AuthorizationKey"}]""", "ChangeConfiguration")]
    [TestCase("""[2,"1","SetVariables",{"setVariableData":[{"attributeValue":"s","component":{"name":"OCPPCommCtrlr"},"variable":{"name":"BasicAuthPassword"}}]}]""", "SetVariables")]
    [TestCase("""[2,"1","DataTransfer",{"vendorId":"AuthorizationKey","data":"value"}]""", "DataTransfer")]
    [TestCase("""[2,"1","ChangeConfiguration",{"key":"AuthorizationKey","value":"s3cret"}""", "ChangeConfiguration")]
    [TestCase("""[2,"1","ChangeConfiguration","not an object"]""", "ChangeConfiguration")]
    public void Anything_else_is_stored_byte_for_byte(string sent, string action)
    {
        Assert.That(SecretRedaction.ForLog(sent, action), Is.SameAs(sent));
    }
}
