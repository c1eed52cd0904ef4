using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using k8s.Models;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.ServiceAccounts;
using PodIdentity.Core.Text;
using PodIdentity.Webhook.Hosting;
using PodIdentity.Webhook.Observability;
using Prometheus;

namespace PodIdentity.Webhook.Admission;

/// <summary>
/// <c>POST /mutate</c>: AdmissionReview v1 in, AdmissionReview v1 out. Lookup → per-pod plan →
/// patch, nothing else. A body that is not an AdmissionReview for a pod gets a 4xx with a one-line
/// reason; everything about the pod itself (not found, invalid annotations, lookup unavailable) is an
/// HTTP 200 AdmissionReview with <c>allowed</c> and a message or warning.
/// </summary>
internal sealed partial class AdmissionHandler
{
    public const string Mutated = "mutated";
    public const string Skipped = "skipped";
    public const string Denied = "denied";
    public const string Error = "error";

    private const int InitialBufferSize = 16 * 1024;

    private readonly AdmissionReviewer _reviewer;
    private readonly IServiceAccountLookup _lookup;
    private readonly WebhookMetrics _metrics;
    private readonly ServerOptions _options;
    private readonly ILogger<AdmissionHandler> _logger;
    private readonly ReviewLog _reviewLog;
    private readonly Counter.Child _mutated;
    private readonly Counter.Child _skipped;
    private readonly Counter.Child _denied;
    private readonly Counter.Child _error;

    public AdmissionHandler(AdmissionReviewer reviewer, IServiceAccountLookup lookup, WebhookMetrics metrics, IOptions<ServerOptions> options, ILogger<AdmissionHandler> logger, ReviewLog reviewLog)
    {
        _reviewer = reviewer;
        _lookup = lookup;
        _metrics = metrics;
        _options = options.Value;
        _logger = logger;
        _reviewLog = reviewLog;
        _mutated = metrics.Reviews.WithLabels(Mutated);
        _skipped = metrics.Reviews.WithLabels(Skipped);
        _denied = metrics.Reviews.WithLabels(Denied);
        _error = metrics.Reviews.WithLabels(Error);
    }

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        if (!context.Request.IsHttps)
        {
            // The metrics listener is plain HTTP; /mutate lives on the HTTPS listener only.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!IsJson(context.Request.ContentType))
        {
            await RejectAsync(context, StatusCodes.Status415UnsupportedMediaType, started,
                $"Content-Type \"{SafeText.Bound(context.Request.ContentType, 64)}\" is not supported: send the AdmissionReview as application/json");
            return;
        }

        if (context.Request.ContentLength > ServerOptions.MaxRequestBodyBytes)
        {
            await RejectAsync(context, StatusCodes.Status413PayloadTooLarge, started, TooLargeMessage);
            return;
        }

        if (context.Request.ContentLength is null && context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // Kestrel counts a chunked body's framing (chunk sizes, line breaks) against its limit, which
            // refused bodies well under 3 MiB sent in small chunks; ReadBodyAsync counts the body's own bytes.
            limit.MaxRequestBodySize = null;
        }

        byte[]? buffer = null;
        try
        {
            int length;
            try
            {
                (buffer, length) = await ReadBodyAsync(context.Request, context.RequestAborted);
            }
            catch (BadHttpRequestException e)
            {
                await RejectAsync(context, e.StatusCode, started,
                    e.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLargeMessage : $"request body could not be read: {e.Message}");
                return;
            }
            catch (BodyTooLargeException)
            {
                await RejectAsync(context, StatusCodes.Status413PayloadTooLarge, started, TooLargeMessage);
                return;
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // The caller went away mid-body: nobody to answer.
                _error.Inc();
                return;
            }

            AdmissionReview? review;
            try
            {
                review = AdmissionCodec.Decode(buffer.AsSpan(0, length));
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or FormatException or ArgumentException or OverflowException)
            {
                // The reader's message can quote the rest of the body (an invalid literal): only its start is kept.
                await RejectAsync(context, StatusCodes.Status400BadRequest, started, $"request body is not a readable AdmissionReview: {SafeText.Bound(e.Message, 200)}");
                return;
            }

            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
            await ReviewAsync(context, review, started);
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private async Task ReviewAsync(HttpContext context, AdmissionReview? review, long started)
    {
        if (Invalid(review) is { } problem)
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, started, problem);
            return;
        }

        var request = review!.Request!;
        var pod = request.Object;
        var ns = AdmissionReviewer.NamespaceOf(request);
        var podName = PodName(request);
        if (!string.Equals(request.Operation, "CREATE", StringComparison.Ordinal) || !string.IsNullOrEmpty(request.SubResource))
        {
            // Only pod CREATE is mutated; anything else that reaches us is admitted untouched.
            var operation = string.IsNullOrEmpty(request.SubResource) ? request.Operation ?? "" : $"{request.Operation} {request.SubResource}";
            await RespondAsync(context, AdmissionReviewer.Allowed(request.Uid, []), Skipped, _skipped, started,
                request, ns, podName, "", [], $"{operation} is not mutated");
            return;
        }

        if (pod is null)
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, started,
                "request.object is missing: a pod CREATE review carries the pod in request.object");
            return;
        }

        if (PodShape.NullElement(pod) is { } nullElement)
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, started, "request.object." + nullElement);
            return;
        }

        var serviceAccount = InjectionContext.ServiceAccountNameOf(pod);
        if (AdmissionReviewer.UnlookableServiceAccount(ns, serviceAccount) is { } unlookable)
        {
            // Not a name at all: never looked up, in the cache or at the API server.
            await RespondAsync(context, AdmissionReviewer.Allowed(request.Uid, [unlookable]), Skipped, _skipped, started,
                request, ns, podName, serviceAccount, [], unlookable);
            return;
        }

        var (timeout, budget) = (TimeSpan.Zero, TimeSpan.Zero);
        ServiceAccountLookupResult found;
        using (var cancellation = new CancellationTokenSource())
        {
            try
            {
                // A cache hit completes at once; only a miss pays for the budget timer and the link
                // to the caller's cancellation.
                var pending = _lookup.FindAsync(ns, serviceAccount, cancellation.Token);
                if (pending.IsCompleted)
                {
                    found = pending.Result;
                }
                else
                {
                    // The query string is parsed only here: a cache hit never reads ?timeout=.
                    (timeout, budget) = Budget(context.Request.Query["timeout"], _options);
                    cancellation.CancelAfter(budget);
                    using (context.RequestAborted.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), cancellation))
                    {
                        found = await pending;
                    }
                }
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                _error.Inc();
                return;
            }
            catch (OperationCanceledException)
            {
                found = ServiceAccountLookupResult.Unavailable(
                    $"no answer within {budget.TotalMilliseconds:0} ms, {_options.TimeoutBudgetRatio:P0} of the API server's {timeout.TotalSeconds:0.###} s timeout");
            }
            catch (Exception e)
            {
                LogLookupFailed(_logger, e, ns, serviceAccount);
                found = ServiceAccountLookupResult.Unavailable(e.Message);
            }
        }

        if (found.Source == ServiceAccountSource.Unavailable || (found.Account is null && found.Source != ServiceAccountSource.NotFound))
        {
            // Design: an unreadable ServiceAccount never blocks pod creation; the pod is admitted unmutated.
            var reason = SafeText.Value(found.Error ?? "lookup unavailable");
            var warning = $"ServiceAccount \"{ns}/{serviceAccount}\" could not be read ({reason}); pod admitted without cloud credentials";
            await RespondAsync(context, AdmissionReviewer.Allowed(request.Uid, [warning]), Error, _error, started,
                request, ns, podName, serviceAccount, [], reason);
            return;
        }

        var result = _reviewer.Review(request, found.Account);
        var (outcome, counter) = result.Result.Outcome switch
        {
            MutationOutcome.Mutated => (Mutated, _mutated),
            MutationOutcome.Denied => (Denied, _denied),
            _ => (Skipped, _skipped),
        };
        if (result.Result.Outcome == MutationOutcome.Mutated)
        {
            foreach (var provider in result.Result.ProvidersApplied)
            {
                _metrics.ProviderInjectionsOf(provider).Inc();
            }
        }

        var detail = result.Result.DenialMessage ?? (found.Account is null ? "ServiceAccount not found" : "");
        await RespondAsync(context, result.Response, outcome, counter, started,
            request, ns, podName, serviceAccount, result.Result.ProvidersApplied, detail);
    }

    private static string? Invalid(AdmissionReview? review)
    {
        if (review?.Request is not { } request)
        {
            return "AdmissionReview has no \"request\": expected {\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{...}} as the API server sends it";
        }

        if (review.ApiVersion is { Length: > 0 } version && version != AdmissionReview.V1)
        {
            return $"apiVersion \"{SafeText.Bound(version, 64)}\" is not supported: this webhook speaks {AdmissionReview.V1} (admissionReviewVersions: [\"v1\"])";
        }

        if (string.IsNullOrEmpty(request.Uid))
        {
            return "request.uid is missing: the API server matches the response to its request by uid";
        }

        var kind = request.Kind;
        var resource = request.Resource;
        if (kind is null && resource is null)
        {
            return "request.kind is missing: expected {\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"}";
        }

        var isPod = kind is not null
            ? kind.Kind == "Pod" && string.IsNullOrEmpty(kind.Group)
            : resource!.Resource == "pods" && string.IsNullOrEmpty(resource.Group);
        if (!isPod)
        {
            var what = SafeText.Bound(kind is not null
                ? $"{kind.Kind} ({(string.IsNullOrEmpty(kind.Group) ? "" : kind.Group + "/")}{kind.Version})"
                : $"resource {resource!.Resource} ({(string.IsNullOrEmpty(resource.Group) ? "" : resource.Group + "/")}{resource.Version})", 80);
            return $"request is for {what}, not a Pod: this webhook mutates pods only; check the MutatingWebhookConfiguration rules (resources: [\"pods\"])";
        }

        return null;
    }

    /// <summary>
    /// The API server's timeout (at most <see cref="ServerOptions.MaxWebhookTimeout"/>, its own limit for
    /// <c>timeoutSeconds</c>, so a huge <c>?timeout=</c> cannot overflow the budget timer) and the lookup's share of it.
    /// </summary>
    internal static (TimeSpan Timeout, TimeSpan Budget) Budget(string? query, ServerOptions options)
    {
        var timeout = GoDuration.TryParse(query, out var parsed) && parsed > TimeSpan.Zero ? parsed : options.DefaultTimeout;
        if (timeout > ServerOptions.MaxWebhookTimeout)
        {
            timeout = ServerOptions.MaxWebhookTimeout;
        }

        return (timeout, timeout * options.TimeoutBudgetRatio);
    }

    private async Task RespondAsync(
        HttpContext context, AdmissionResponse response, string outcome, Counter.Child counter, long started,
        AdmissionRequest request, string ns, string podName, string serviceAccount, IReadOnlyList<string> providers, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        try
        {
            WriteBody(context.Response, response);
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The API server gave up on us (its own timeout); it applies failurePolicy.
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        counter.Inc();
        _metrics.MutationDuration.Observe(elapsed.TotalSeconds);
        // Everything from the request is logged bounded and on one line (the JSON format escapes, the console one would not).
        _reviewLog.Write(SafeText.Value(request.Uid), SafeText.Value(request.Operation), SafeText.Value(ns), SafeText.Value(podName), SafeText.Value(serviceAccount), outcome,
            providers.Count == 0 ? "none" : string.Join(',', providers), response.Warnings?.Count ?? 0,
            request.DryRun == true, elapsed.TotalMilliseconds, detail.Length == 0 ? "" : "; " + SafeText.Message(detail));
    }

    /// <summary>Encodes into this thread's buffer and copies the bytes into Kestrel's pipe, all before any await.</summary>
    private static void WriteBody(HttpResponse http, AdmissionResponse response)
    {
        var body = AdmissionCodec.EncodeToThreadBuffer(response);
        http.ContentLength = body.Length;
        http.BodyWriter.Write(body);
    }

    /// <summary>A 4xx with a reason of at most <see cref="SafeText.MaxValueLength"/> characters on one line, also in the log.</summary>
    private async Task RejectAsync(HttpContext context, int status, long started, string message)
    {
        message = SafeText.Bound(message, SafeText.MaxValueLength);
        _error.Inc();
        _metrics.MutationDuration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        LogRejected(_logger, status, message);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        try
        {
            await context.Response.WriteAsync(message + "\n", context.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
        }
    }

    private static string TooLargeMessage =>
        $"request body exceeds {ServerOptions.MaxRequestBodyBytes / (1024 * 1024)} MiB ({ServerOptions.MaxRequestBodyBytes} bytes): an AdmissionReview for one pod is far smaller";

    // The API server sends exactly "application/json"; only other spellings pay for parsing.
    private static bool IsJson(string? contentType) =>
        string.Equals(contentType, "application/json", StringComparison.Ordinal)
        || MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Pod name, or its generateName (controller-made pods have no name yet at admission).</summary>
    private static string PodName(AdmissionRequest request) =>
        request.Object?.Metadata is { } metadata
            ? !string.IsNullOrEmpty(metadata.Name) ? metadata.Name : metadata.GenerateName ?? ""
            : request.Name ?? "";

    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var size = request.ContentLength is { } declared and > 0 ? (int)declared : InitialBufferSize;
        var buffer = ArrayPool<byte>.Shared.Rent(size + 1);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > ServerOptions.MaxRequestBodyBytes)
                    {
                        throw new BodyTooLargeException();
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, (int)ServerOptions.MaxRequestBodyBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
                if (length > ServerOptions.MaxRequestBodyBytes)
                {
                    throw new BodyTooLargeException();
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private sealed class BodyTooLargeException : Exception;

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Admission request rejected with HTTP {StatusCode}: {Reason}")]
    private static partial void LogRejected(ILogger logger, int statusCode, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "ServiceAccount lookup for {Namespace}/{ServiceAccount} failed; admitting the pod without cloud credentials")]
    private static partial void LogLookupFailed(ILogger logger, Exception exception, string Namespace, string serviceAccount);
}
