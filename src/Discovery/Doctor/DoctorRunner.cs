using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using PodIdentity.Discovery.Http;
using PodIdentity.Discovery.Oidc;
using PodIdentity.Discovery.Source;
using static PodIdentity.Discovery.Doctor.FindingNames;

namespace PodIdentity.Discovery.Doctor;

/// <summary>
/// Walks the trust chain a cloud walks: issuer URL → discovery document → jwks_uri → keys → token,
/// and compares the public keys with the API server's. Each known failure mode gets one row.
/// </summary>
internal sealed class DoctorRunner(DoctorSettings settings)
{
    private const string PublicReadFix =
        "make both documents publicly readable: an S3 bucket policy granting s3:GetObject to \"*\" on the two keys, " +
        "or for the API server itself `kubectl create clusterrolebinding oidc-reviewer --clusterrole=system:service-account-issuer-discovery --group=system:unauthenticated`";

    private static readonly string[] RequiredKeyMembers = ["kid", "alg"];

    private readonly List<Finding> _findings = [];
    private readonly List<TlsObservation> _tls = [];

    public async Task<IReadOnlyList<Finding>> RunAsync(CancellationToken cancellationToken)
    {
        var issuer = settings.Issuer;
        if (!CheckIssuerShape(issuer))
        {
            return _findings;
        }

        using var client = settings.Http.CreateObservingClient(o => { lock (_tls) _tls.Add(o); });
        var discoveryUrl = issuer.TrimEnd('/') + "/.well-known/openid-configuration";
        var (discovery, discoveryError, discoveryStatus, _) = await FetchJsonAsync(client, discoveryUrl, cancellationToken);
        if (discovery is null)
        {
            var notPublic = discoveryStatus is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized;
            // Without an HTTP answer nothing is known about access: SKIP, not PASS.
            Add(notPublic
                ? new Finding(DiscoveryNotPublic, FindingStatus.Fail, $"GET {discoveryUrl} returned {(int)discoveryStatus!} {discoveryStatus}", PublicReadFix)
                : discoveryStatus is { } status
                    ? Finding.Pass(DiscoveryNotPublic, $"answered {(int)status} {status}, not 401/403")
                    : Finding.Skip(DiscoveryNotPublic, "no HTTP answer, so access could not be checked"));
            Add(notPublic
                ? Finding.Skip(DiscoveryUnreachable, "see DiscoveryNotPublic")
                : new Finding(DiscoveryUnreachable, FindingStatus.Fail, $"GET {discoveryUrl}: {discoveryError}",
                    $"publish the document at exactly {discoveryUrl} (run `PodIdentity.Discovery publish --s3` or `serve` behind that host)"));
            AddTlsFindings(issuer);
            SkipRest("discovery document not available");
            return _findings;
        }

        Add(Finding.Pass(DiscoveryNotPublic, $"{discoveryUrl} is readable without credentials"));
        Add(Finding.Pass(DiscoveryUnreachable, $"{discoveryUrl} returned a JSON object"));

        var documentIssuer = discovery.Str("issuer");
        var difference = documentIssuer is null ? "issuer field missing" : DocumentChecker.IssuerDifference(documentIssuer, issuer);
        Add(difference is null
            ? Finding.Pass(IssuerMismatch, $"issuer is exactly \"{issuer}\"")
            : new Finding(IssuerMismatch, FindingStatus.Fail, $"document says \"{documentIssuer}\", expected \"{issuer}\" ({difference})",
                "the issuer must match character for character (including a trailing slash) in --service-account-issuer, Discovery:Issuer and the cloud's provider URL"));

        var jwksUri = discovery.Str("jwks_uri");
        if (jwksUri is null || !DocumentChecker.IsUnder(jwksUri, issuer))
        {
            Add(new Finding(JwksUriNotUnderIssuer, FindingStatus.Fail, jwksUri is null ? "jwks_uri missing" : $"jwks_uri \"{jwksUri}\" is not under \"{issuer}\"",
                $"set the API server's --service-account-jwks-uri to {issuer.TrimEnd('/')}/openid/v1/jwks"));
        }
        else
        {
            Add(Finding.Pass(JwksUriNotUnderIssuer, jwksUri));
        }

        JsonObject? jwks = null;
        if (jwksUri is null || !Uri.TryCreate(jwksUri, UriKind.Absolute, out _))
        {
            Add(new Finding(JwksUnreachable, FindingStatus.Fail, "no usable jwks_uri in the discovery document", "publish a discovery document with an absolute https jwks_uri"));
            Add(Finding.Skip(JwksSlow, "no jwks_uri"));
        }
        else
        {
            var (body, jwksError, jwksStatus, elapsed) = await FetchJsonAsync(client, jwksUri, cancellationToken);
            jwks = body;
            Add(body is null
                ? new Finding(JwksUnreachable, FindingStatus.Fail, $"GET {jwksUri}: {jwksError}",
                    jwksStatus is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized ? PublicReadFix : $"publish the JWKS at exactly {jwksUri}")
                : Finding.Pass(JwksUnreachable, $"{jwksUri} returned a JSON object"));
            Add(elapsed > settings.SlowThreshold
                ? new Finding(JwksSlow, FindingStatus.Fail, $"GET {jwksUri} took {elapsed.TotalMilliseconds:F0} ms; AWS gives up after {settings.SlowThreshold.TotalSeconds:F0} s",
                    "serve the JWKS from a CDN or bucket close to the clouds, not through a slow proxy")
                : Finding.Pass(JwksSlow, $"{elapsed.TotalMilliseconds:F0} ms"));
        }

        AddTlsFindings(issuer);
        var publicKeys = CheckKeys(jwks);
        await CompareWithApiServerAsync(publicKeys, cancellationToken);
        await CheckTokenAsync(publicKeys, cancellationToken);
        return _findings;
    }

    private bool CheckIssuerShape(string issuer)
    {
        if (!Uri.TryCreate(issuer, UriKind.Absolute, out var uri))
        {
            Add(new Finding(IssuerNotHttps, FindingStatus.Fail, $"\"{issuer}\" is not an absolute URL", "pass the issuer as https://host[/path]"));
            SkipRest("issuer is not a URL");
            return false;
        }

        Add(uri.Scheme == Uri.UriSchemeHttps
            ? Finding.Pass(IssuerNotHttps, "https")
            : new Finding(IssuerNotHttps, FindingStatus.Fail, $"scheme is {uri.Scheme}", "AWS and GCP accept only https issuers; serve the documents over https on port 443"));
        Add(uri.IsDefaultPort
            ? Finding.Pass(IssuerHasPort, "default port")
            : new Finding(IssuerHasPort, FindingStatus.Fail, $"port {uri.Port}", "use an issuer on the default port 443 (put a load balancer or CDN in front)"));
        Add(uri.Query.Length == 0 && uri.Fragment.Length == 0
            ? Finding.Pass(IssuerHasQueryOrFragment, "none")
            : new Finding(IssuerHasQueryOrFragment, FindingStatus.Fail, $"has \"{uri.Query}{uri.Fragment}\"", "drop the query/fragment from --service-account-issuer"));
        return true;
    }

    private void AddTlsFindings(string issuer)
    {
        if (!issuer.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            Add(Finding.Skip(TlsUntrusted, "issuer is not https"));
            Add(Finding.Skip(TlsExpiring, "issuer is not https"));
            return;
        }

        TlsObservation[] seen;
        lock (_tls)
        {
            seen = [.. _tls];
        }

        if (seen.Length == 0)
        {
            Add(Finding.Skip(TlsUntrusted, "no TLS connection was made"));
            Add(Finding.Skip(TlsExpiring, "no TLS connection was made"));
            return;
        }

        var untrusted = seen.FirstOrDefault(o => !o.Trusted);
        Add(untrusted is null
            ? Finding.Pass(TlsUntrusted, $"certificate {seen[0].Certificate?.Subject} chains to a trusted root")
            : new Finding(TlsUntrusted, FindingStatus.Fail, $"certificate {untrusted.Certificate?.Subject} is not publicly trusted ({untrusted.Detail})",
                "use a certificate from a public CA (e.g. Let's Encrypt, the cloud's CDN) for the issuer host; AWS and GCP do not accept private CAs"));

        var now = settings.Time.GetUtcNow();
        var soonest = seen.Where(o => o.Certificate is not null).MinBy(o => o.Certificate!.NotAfter);
        if (soonest?.Certificate is { } cert)
        {
            var notAfter = new DateTimeOffset(cert.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            Add(notAfter < now
                ? new Finding(TlsExpiring, FindingStatus.Fail, $"certificate expired {notAfter:u}", "renew the issuer host's certificate")
                : notAfter - now < settings.ExpiryWarning
                    ? new Finding(TlsExpiring, FindingStatus.Warn, $"certificate expires {notAfter:u} (in {(notAfter - now).TotalDays:F1} days)", "renew the issuer host's certificate before it expires; check cert-manager/ACME renewal")
                    : Finding.Pass(TlsExpiring, $"valid until {notAfter:u}"));
        }
    }

    private Dictionary<string, JsonObject> CheckKeys(JsonObject? jwks)
    {
        var byKid = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (jwks is null)
        {
            foreach (var name in new[] { JwksEmpty, KeyFieldsMissing, X5cPresent })
            {
                Add(Finding.Skip(name, "JWKS not available"));
            }

            return byKid;
        }

        var keys = (jwks["keys"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        Add(keys.Count == 0
            ? new Finding(JwksEmpty, FindingStatus.Fail, "the public JWKS has no keys", "republish from the API server (`PodIdentity.Discovery publish --s3 --once`); never publish an empty set")
            : Finding.Pass(JwksEmpty, $"{keys.Count} keys"));

        var missing = new List<string>();
        var withCertificates = new List<string>();
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            var kid = key.Str("kid");
            var label = string.IsNullOrEmpty(kid) ? $"keys[{i}]" : kid;
            var absent = RequiredKeyMembers.Where(f => string.IsNullOrEmpty(key.Str(f))).ToList();
            if (key.Str("use") != "sig")
            {
                absent.Add("use:sig");
            }

            if (absent.Count > 0)
            {
                missing.Add($"{label} lacks {string.Join(", ", absent)}");
            }

            if (key.ContainsKey("x5c") || key.ContainsKey("x5t"))
            {
                withCertificates.Add(label);
            }

            if (!string.IsNullOrEmpty(kid))
            {
                byKid[kid] = key;
            }
        }

        Add(missing.Count > 0
            ? new Finding(KeyFieldsMissing, FindingStatus.Fail, string.Join("; ", missing), "publish keys with kid, use \"sig\" and alg (the companion refuses keys without them)")
            : Finding.Pass(KeyFieldsMissing, "every key has kid, use: sig, alg"));
        Add(withCertificates.Count > 0
            ? new Finding(X5cPresent, FindingStatus.Fail, $"x5c/x5t on {string.Join(", ", withCertificates)}", "remove x5c/x5t from the published keys (GCP rejects them); the companion strips them")
            : Finding.Pass(X5cPresent, "no certificate members"));
        return byKid;
    }

    private async Task CompareWithApiServerAsync(Dictionary<string, JsonObject> publicKeys, CancellationToken cancellationToken)
    {
        if (settings.ApiServer is null)
        {
            Add(new Finding(ApiServerUnreachable, FindingStatus.Warn, "no cluster credentials (not in a pod, no kubeconfig)", "pass --kubeconfig <path> to compare with the API server's own keys"));
            Add(Finding.Skip(ApiServerIssuerMismatch, "API server not consulted"));
            Add(Finding.Skip(StaleKeys, "API server not consulted"));
            return;
        }

        ApiServerDocuments own;
        try
        {
            own = await settings.ApiServer(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Add(new Finding(ApiServerUnreachable, FindingStatus.Warn, $"cannot read the API server's documents: {ex.Message}",
                "check the kubeconfig and that the user may GET /.well-known/openid-configuration and /openid/v1/jwks (ClusterRole system:service-account-issuer-discovery)"));
            Add(Finding.Skip(ApiServerIssuerMismatch, "API server not reachable"));
            Add(Finding.Skip(StaleKeys, "API server not reachable"));
            return;
        }

        Add(Finding.Pass(ApiServerUnreachable, "read the API server's documents"));
        JsonObject? ownDiscovery = null;
        JsonObject? ownJwks = null;
        try
        {
            ownDiscovery = JsonNode.Parse(own.DiscoveryJson) as JsonObject;
            ownJwks = JsonNode.Parse(own.JwksJson) as JsonObject;
        }
        catch (JsonException)
        {
            // Reported below as unreadable.
        }

        var ownIssuer = ownDiscovery?.Str("issuer");
        var difference = ownIssuer is null ? "unreadable" : DocumentChecker.IssuerDifference(ownIssuer, settings.Issuer);
        Add(difference is null
            ? Finding.Pass(ApiServerIssuerMismatch, "API server issuer equals --issuer")
            : new Finding(ApiServerIssuerMismatch, FindingStatus.Fail, $"API server issuer is \"{ownIssuer}\", --issuer is \"{settings.Issuer}\" ({difference})",
                "set the API server's --service-account-issuer to the public issuer URL exactly; tokens carry that value as iss"));

        var ownKids = (ownJwks?["keys"] as JsonArray)?.OfType<JsonObject>().Select(k => k.Kid()).Where(k => k.Length > 0).ToList() ?? [];
        var stale = ownKids.Where(k => !publicKeys.ContainsKey(k)).ToList();
        Add(stale.Count > 0
            ? new Finding(StaleKeys, FindingStatus.Fail, $"API server keys missing from the public JWKS: {string.Join(", ", stale)}",
                "the public copy is stale after a key rotation: run `PodIdentity.Discovery publish --s3 --once` and keep the companion running so it follows rotations")
            : Finding.Pass(StaleKeys, $"all {ownKids.Count} API server keys are public"));
    }

    private async Task CheckTokenAsync(Dictionary<string, JsonObject> publicKeys, CancellationToken cancellationToken)
    {
        string[] names = [TokenUnreadable, TokenIssuerMismatch, TokenAudienceMismatch, TokenKidUnknown, TokenSignatureInvalid, TokenExpired];
        if (settings.TokenFile is null)
        {
            Add(Finding.Skip("Token", "pass --token-file <path> to verify a ServiceAccount token against the public keys"));
            return;
        }

        string text;
        try
        {
            text = await File.ReadAllTextAsync(settings.TokenFile, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Add(new Finding(TokenUnreadable, FindingStatus.Fail, $"cannot read {settings.TokenFile}: {ex.Message}", "pass the path of a projected ServiceAccount token file"));
            foreach (var name in names[1..]) Add(Finding.Skip(name, "token not readable"));
            return;
        }

        var (token, error) = JwtToken.Parse(text);
        if (token is null)
        {
            Add(new Finding(TokenUnreadable, FindingStatus.Fail, $"{settings.TokenFile} {error}", "pass a ServiceAccount token (a JWT), e.g. `kubectl create token <sa> --audience <aud>`"));
            foreach (var name in names[1..]) Add(Finding.Skip(name, "token not readable"));
            return;
        }

        Add(Finding.Pass(TokenUnreadable, $"kid {token.Kid}, alg {token.Alg}"));
        var issuerDifference = token.Issuer is null ? "iss missing" : DocumentChecker.IssuerDifference(token.Issuer, settings.Issuer);
        Add(issuerDifference is null
            ? Finding.Pass(TokenIssuerMismatch, $"iss {token.Issuer}")
            : new Finding(TokenIssuerMismatch, FindingStatus.Fail, $"token iss \"{token.Issuer}\" ≠ \"{settings.Issuer}\" ({issuerDifference})",
                "the API server signs with its --service-account-issuer; make it equal the public issuer"));

        if (settings.Audience is null)
        {
            Add(Finding.Skip(TokenAudienceMismatch, $"token aud is [{string.Join(", ", token.Audiences)}]; pass --audience <aud> to check it"));
        }
        else
        {
            Add(token.Audiences.Contains(settings.Audience, StringComparer.Ordinal)
                ? Finding.Pass(TokenAudienceMismatch, $"aud includes {settings.Audience}")
                : new Finding(TokenAudienceMismatch, FindingStatus.Fail, $"token aud [{string.Join(", ", token.Audiences)}] does not include \"{settings.Audience}\"",
                    "project the token with that audience (serviceAccountToken.audience) and register the same audience with the cloud provider"));
        }

        if (token.Kid is null || !publicKeys.TryGetValue(token.Kid, out var key))
        {
            Add(new Finding(TokenKidUnknown, FindingStatus.Fail, $"token kid \"{token.Kid}\" is not in the public JWKS",
                "the signing key is not published (stale public copy after a rotation?); republish the JWKS"));
            Add(Finding.Skip(TokenSignatureInvalid, "no public key for the token's kid"));
        }
        else
        {
            Add(Finding.Pass(TokenKidUnknown, $"kid {token.Kid} is public"));
            var (valid, detail) = token.Verify(key);
            Add(valid
                ? Finding.Pass(TokenSignatureInvalid, detail)
                : new Finding(TokenSignatureInvalid, FindingStatus.Fail, detail, "the public key under this kid is not the one that signed the token; republish from the API server"));
        }

        var now = settings.Time.GetUtcNow();
        Add(token.Expires is { } exp && exp <= now
            ? new Finding(TokenExpired, FindingStatus.Fail, $"token expired {exp:u}", "use a fresh token (kubelet refreshes projected tokens; `kubectl create token` makes a new one)")
            : Finding.Pass(TokenExpired, token.Expires is { } e ? $"expires {e:u}" : "no exp claim"));
    }

    private async Task<(JsonObject? Body, string? Error, HttpStatusCode? Status, TimeSpan Elapsed)> FetchJsonAsync(HttpClient client, string url, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var response = await client.GetAsync(new Uri(url), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var text = await BoundedBody.ReadAsStringAsync(response, settings.MaxBodyBytes, cancellationToken);
            var elapsed = stopwatch.Elapsed;
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", response.StatusCode, elapsed);
            }

            try
            {
                return JsonNode.Parse(text) is JsonObject obj
                    ? (obj, null, response.StatusCode, elapsed)
                    : (null, "response is not a JSON object", response.StatusCode, elapsed);
            }
            catch (JsonException ex)
            {
                return (null, $"response is not JSON ({ex.Message})", response.StatusCode, elapsed);
            }
        }
        catch (BodyTooLargeException ex)
        {
            return (null, ex.Message, null, stopwatch.Elapsed);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (null, ex is TaskCanceledException ? $"timed out after {settings.Http.Timeout.TotalSeconds:F0} s" : ex.Message, null, stopwatch.Elapsed);
        }
    }

    private void SkipRest(string reason)
    {
        string[] rest = [IssuerMismatch, JwksUriNotUnderIssuer, JwksUnreachable, JwksSlow, JwksEmpty, KeyFieldsMissing, X5cPresent, ApiServerUnreachable, ApiServerIssuerMismatch, StaleKeys, "Token"];
        foreach (var name in rest)
        {
            Add(Finding.Skip(name, reason));
        }
    }

    private void Add(Finding finding) => _findings.Add(finding);
}
