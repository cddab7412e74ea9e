using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace PmOpsBot.Tests.Security;

/// <summary>
/// The Bot Framework's token authority, played locally: an HTTPS server on 127.0.0.1 (random port) serving
/// <c>/.well-known/openidconfiguration</c> (issuer + jwks_uri) and <c>/keys</c> (a JWKS with one RSA key made
/// here, endorsed for <see cref="EndorsedChannel"/>). Point <c>ToBotFromChannelOpenIdMetadataUrl</c> at
/// <see cref="MetadataUrl"/> and the SDK fetches its signing keys from here.
/// </summary>
/// <remarks>
/// Why HTTPS and a trusted certificate: Microsoft.Bot.Connector 4.23.1 reads the metadata through
/// <c>ConfigurationManager(metadataUrl, new OpenIdConnectConfigurationRetriever(), httpClient)</c>, whose
/// <c>HttpDocumentRetriever</c> has <c>RequireHttps = true</c> (IDX20108 for http), and the HttpClient is the
/// private static <c>new HttpClient()</c> of <c>ParameterizedBotFrameworkAuthentication</c> — neither the
/// IHttpClientFactory passed to <c>ConfigurationBotFrameworkAuthentication</c> nor anything else reaches it. So
/// the only way to make that client accept the local server without reflection into the SDK is to make the
/// certificate trusted: the self-signed certificate (public part only; its private key never leaves this
/// process) goes into the CurrentUser\Root store, which .NET on Linux treats as trusted when it builds chains,
/// for the lifetime of this object, and is removed on dispose. It is valid for one day and for 127.0.0.1 only.
/// </remarks>
public sealed class LocalOpenIdServer : IAsyncDisposable
{
    public const string BotFrameworkIssuer = "https://api.botframework.com";
    public const string EndorsedChannel = "msteams";
    private const string CertificateSubject = "CN=PmOpsBot.Tests local OpenID server";

    private readonly WebApplication _app;
    private readonly X509Certificate2 _trusted;
    private int _metadataRequests;
    private int _keyRequests;

    private LocalOpenIdServer(WebApplication app, X509Certificate2 trusted, RSA signingKey, string keyId, Uri baseUrl)
    {
        _app = app;
        _trusted = trusted;
        SigningKey = new RsaSecurityKey(signingKey) { KeyId = keyId };
        BaseUrl = baseUrl;
    }

    /// <summary>"https://127.0.0.1:PORT/".</summary>
    public Uri BaseUrl { get; }

    public string MetadataUrl => new Uri(BaseUrl, ".well-known/openidconfiguration").ToString();

    public string KeysUrl => new Uri(BaseUrl, "keys").ToString();

    /// <summary>The key published in the JWKS (with its private part, to sign tokens).</summary>
    public RsaSecurityKey SigningKey { get; }

    public int MetadataRequests => Volatile.Read(ref _metadataRequests);

    public int KeyRequests => Volatile.Read(ref _keyRequests);

    public static async Task<LocalOpenIdServer> StartAsync()
    {
        RemoveStaleCertificates();
        using var tlsKey = RSA.Create(2048);
        var request = new CertificateRequest(CertificateSubject, tlsKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var serverCertificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        var trusted = X509CertificateLoader.LoadCertificate(created.RawData);

        var signingKey = RSA.Create(2048);
        var keyId = "local-" + Guid.NewGuid().ToString("N")[..12];

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(serverCertificate)));
        var app = builder.Build();

        LocalOpenIdServer? server = null;
        app.MapGet("/.well-known/openidconfiguration", (HttpContext http) =>
        {
            Interlocked.Increment(ref server!._metadataRequests);
            return WriteJsonAsync(http, server.Metadata());
        });
        app.MapGet("/keys", (HttpContext http) =>
        {
            Interlocked.Increment(ref server!._keyRequests);
            return WriteJsonAsync(http, server.KeySet());
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server = new LocalOpenIdServer(app, trusted, signingKey, keyId, new Uri(address.TrimEnd('/') + "/"));
        Assert.Equal("127.0.0.1", server.BaseUrl.Host);
        Assert.Equal(Uri.UriSchemeHttps, server.BaseUrl.Scheme);

        Trust(trusted);
        await server.WaitUntilTrustedAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        using (var store = new X509Store(StoreName.Root, StoreLocation.CurrentUser))
        {
            store.Open(OpenFlags.ReadWrite);
            store.Remove(_trusted);
        }

        _trusted.Dispose();
    }

    private JObject Metadata() => new()
    {
        ["issuer"] = BotFrameworkIssuer,
        ["authorization_endpoint"] = new Uri(BaseUrl, "authorize").ToString(),
        ["jwks_uri"] = KeysUrl,
        ["id_token_signing_alg_values_supported"] = new JArray("RS256"),
        ["token_endpoint_auth_methods_supported"] = new JArray("private_key_jwt"),
    };

    private JObject KeySet()
    {
        var parameters = SigningKey.Rsa.ExportParameters(false);
        return new JObject
        {
            ["keys"] = new JArray(new JObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = SigningKey.KeyId,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                ["endorsements"] = new JArray(EndorsedChannel),
            }),
        };
    }

    private static Task WriteJsonAsync(HttpContext http, JObject body)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(body.ToString(Formatting.None), http.RequestAborted);
    }

    private static void Trust(X509Certificate2 certificate)
    {
        using var store = new X509Store(StoreName.Root, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        store.Add(certificate);
    }

    /// <summary>Certificates a crashed run left behind (all expired after a day; their private keys are gone).</summary>
    private static void RemoveStaleCertificates()
    {
        using var store = new X509Store(StoreName.Root, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        foreach (var stale in store.Certificates.Where(c => c.Subject == CertificateSubject && c.NotAfter < DateTime.Now).ToList())
            store.Remove(stale);
    }

    /// <summary>
    /// The runtime caches the user's root store and re-reads it only now and then, so wait until a plain
    /// <c>new HttpClient()</c> (what the SDK uses) accepts the server before any test relies on it.
    /// </summary>
    private async Task WaitUntilTrustedAsync()
    {
        using var probe = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var response = await probe.GetAsync(new Uri(BaseUrl, "trust-probe"));
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }
}
