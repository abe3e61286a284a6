using System.Net.Http.Headers;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using OcppLab.Api.Auth;
using OcppLab.Sdk;
using OcppLab.Tests.Shared;

namespace OcppLab.SdkTests;

/// <summary>A running gateway on a real loopback port (<see cref="LoopbackGateway"/>) and a generated client for it.</summary>
public sealed class SdkGateway() : LoopbackGateway("sdk")
{
    /// <summary>The generated client, authenticated as a user of <paramref name="organizationId"/>.</summary>
    public OcppLabClient ClientFor(string organizationId)
    {
        var http = new HttpClient { BaseAddress = Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(organizationId, Claims.UserRole));
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = Address.ToString().TrimEnd('/'),
        };
        return new OcppLabClient(adapter);
    }
}
