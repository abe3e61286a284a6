using System.Net.Http.Headers;

namespace OcppLab.Client;

/// <summary>
/// Builds an <see cref="OcppLabClient"/> with what every call needs: the gateway's base address, the
/// bearer token and, for an admin token, the tenant it acts for. The generated client takes a ready
/// <see cref="HttpClient"/> and uses relative paths, so these three live here once instead of in every call.
/// </summary>
public static class OcppLabClientFactory
{
    /// <summary>The header an admin token names the tenant with (a user token must not send it: 403).</summary>
    public const string OrganizationHeader = "X-Organization-Id";

    /// <summary>
    /// A client for the gateway at <paramref name="baseAddress"/>, authenticated with
    /// <paramref name="bearerToken"/>; <paramref name="organizationId"/> is for admin tokens only.
    /// The client owns a new <see cref="HttpClient"/>: create one per gateway and token and reuse it,
    /// or use <see cref="Configure"/> on a client from IHttpClientFactory.
    /// </summary>
    public static OcppLabClient Create(Uri baseAddress, string bearerToken, string? organizationId = null)
    {
        var http = new HttpClient();
        Configure(http, baseAddress, bearerToken, organizationId);
        return new OcppLabClient(http);
    }

    /// <summary>
    /// Sets the base address (with the trailing slash relative paths need), the bearer token and the
    /// optional <c>X-Organization-Id</c> on <paramref name="httpClient"/>'s default headers.
    /// </summary>
    public static HttpClient Configure(HttpClient httpClient, Uri baseAddress, string bearerToken, string? organizationId = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(bearerToken);
        if (!baseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException("The gateway's address must be absolute (http://host:port/).", nameof(baseAddress));
        }

        var text = baseAddress.GetLeftPart(UriPartial.Path);
        httpClient.BaseAddress = new Uri(text.EndsWith('/') ? text : text + "/");
        httpClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        httpClient.DefaultRequestHeaders.Remove(OrganizationHeader);
        if (organizationId is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(organizationId);
            httpClient.DefaultRequestHeaders.Add(OrganizationHeader, organizationId);
        }

        return httpClient;
    }
}
