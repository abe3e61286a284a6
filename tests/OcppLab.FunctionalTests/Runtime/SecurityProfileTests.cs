using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Runtime;

/// <summary>
/// Security profile 2: wss:// with certificate validation on, Basic auth on every handshake. A lab
/// CA given by Ocpp:TrustedCaCertificatePath is trusted in addition to the system's roots; without it
/// the same CSMS certificate is refused and the charger shows why.
/// </summary>
public sealed class SecurityProfileTests
{
    private const string Key = "s3cret-s3cret-16";
    private string _caFile = null!;
    private X509Certificate2 _serverCertificate = null!;
    private TestCsms _csms = null!;

    [OneTimeSetUp]
    public async Task StartTlsCsms()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=OcppLab Test Lab CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = serverRequest.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(serverKey);
        _serverCertificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);

        _caFile = Path.Combine(Path.GetTempPath(), "ocpplab-tests", $"lab-ca-{Guid.NewGuid():N}.pem");
        Directory.CreateDirectory(Path.GetDirectoryName(_caFile)!);
        await File.WriteAllTextAsync(_caFile, ca.ExportCertificatePem());
        _csms = await TestCsms.StartAsync(_serverCertificate);
    }

    [OneTimeTearDown]
    public async Task StopTlsCsms()
    {
        await _csms.DisposeAsync();
        _serverCertificate.Dispose();
        File.Delete(_caFile);
    }

    [Test]
    public async Task With_the_lab_CA_trusted_the_charger_connects_over_TLS_with_Basic_auth()
    {
        await using var factory = new GatewayFactory(settings: new Dictionary<string, string?> { ["Ocpp:TrustedCaCertificatePath"] = _caFile });
        var client = factory.ClientFor("tls-org");
        var id = await client.CreateChargerAsync("TLS-CP-1", "OCPP2.0.1", _csms.Url(), new { security_profile = 2, authorization_key = Key });

        await Eventually.UntilAsync(
            async () => await (await client.GetAsync($"/ocpp/chargers/{id}")).ReadJsonAsync(),
            c => c["runtime"]?["boot_status"]?.GetValue<string>() == "Accepted",
            TimeSpan.FromSeconds(30),
            "TLS connection and boot");

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"TLS-CP-1:{Key}"));
        Assert.That(_csms["TLS-CP-1"].Authorizations, Has.All.EqualTo(expected), "the identity and key as Basic auth, UTF-8, on every handshake");
    }

    [Test]
    public async Task Without_the_lab_CA_the_certificate_is_refused_and_the_runtime_says_so()
    {
        await using var factory = new GatewayFactory();
        var client = factory.ClientFor("tls-org");
        var id = await client.CreateChargerAsync("TLS-CP-2", "OCPP1.6", _csms.Url(), new { security_profile = 2, authorization_key = Key });

        var charger = await Eventually.UntilAsync(
            async () => await (await client.GetAsync($"/ocpp/chargers/{id}")).ReadJsonAsync(),
            c => c["runtime"]?["state"]?.GetValue<string>() == "failed",
            TimeSpan.FromSeconds(30),
            "a refused certificate");

        Assert.That(charger["runtime"]!["last_error"]!.GetValue<string>(), Does.Contain("TLS").IgnoreCase);
        Assert.That(charger["runtime"]!["boot_status"], Is.Null);
        Assert.That(_csms["TLS-CP-2"].Connections, Is.Zero, "no WebSocket was ever opened");
    }
}
