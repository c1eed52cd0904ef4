using System.Buffers;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PodIdentity.Core.Admission;
using PodIdentity.Core.ServiceAccounts;
using PodIdentity.Core.Text;
using PodIdentity.Webhook.Hosting;
using PodIdentity.Webhook.Observability;

namespace PodIdentity.Webhook.Admission;

/// <summary>
/// <c>POST /mutate</c>: reads the body, hands it to <see cref="AdmissionReviewer.ReviewAsync"/>, which decides every
/// outcome, writes the answer, counts and logs. Only what is about HTTP itself (media type, body size, a caller that
/// went away) is decided here.
/// </summary>
internal sealed partial class AdmissionHandler(
    AdmissionReviewer reviewer,
    IServiceAccountLookup lookup,
    WebhookMetrics metrics,
    IOptions<ServerOptions> options,
    ILogger<AdmissionHandler> logger,
    ReviewLog reviewLog)
{
    private readonly ServerOptions serverOptions = options.Value;

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

        byte[] buffer;
        int length;
        try
        {
            (buffer, length) = await RequestBody.ReadAsync(context, ServerOptions.MaxRequestBodyBytes);
        }
        catch (BadHttpRequestException e)
        {
            await RejectAsync(context, e.StatusCode, started,
                e.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLargeMessage : $"request body could not be read: {e.Message}");
            return;
        }
        catch (RequestBody.TooLargeException)
        {
            await RejectAsync(context, StatusCodes.Status413PayloadTooLarge, started, TooLargeMessage);
            return;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The caller went away mid-body: nobody to answer.
            metrics.ReviewsOf(ReviewVerdict.Error).Inc();
            return;
        }

        ReviewOutcome outcome;
        try
        {
            var budget = new LookupBudget(context.Request.QueryString.Value, serverOptions.DefaultTimeout, serverOptions.TimeoutBudgetRatio);
            outcome = await reviewer.ReviewAsync(buffer.AsMemory(0, length), lookup, budget, context.RequestAborted);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (outcome.LookupError is { } lookupError)
        {
            LogLookupFailed(logger, lookupError, outcome.Subject!.Namespace, outcome.Subject.ServiceAccount);
        }

        if (outcome.Abandoned)
        {
            metrics.ReviewsOf(ReviewVerdict.Error).Inc();
        }
        else if (outcome.Response is null)
        {
            await RejectAsync(context, outcome.StatusCode, started, outcome.Detail);
        }
        else
        {
            await RespondAsync(context, outcome, started);
        }
    }

    private async Task RespondAsync(HttpContext context, ReviewOutcome outcome, long started)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        try
        {
            // Encoded into this thread's buffer and copied into Kestrel's pipe, all before any await.
            var body = AdmissionCodec.EncodeToThreadBuffer(outcome.Response!);
            context.Response.ContentLength = body.Length;
            context.Response.BodyWriter.Write(body);
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The API server gave up on us (its own timeout); it applies failurePolicy.
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        metrics.ReviewsOf(outcome.Verdict).Inc();
        foreach (var provider in outcome.ProvidersApplied)
        {
            metrics.ProviderInjectionsOf(provider).Inc();
        }

        metrics.MutationDuration.Observe(elapsed.TotalSeconds);
        reviewLog.Write(outcome, elapsed.TotalMilliseconds);
    }

    /// <summary>A 4xx with a reason of at most <see cref="SafeText.MaxValueLength"/> characters on one line, also in the log.</summary>
    private async Task RejectAsync(HttpContext context, int status, long started, string message)
    {
        message = SafeText.Bound(message, SafeText.MaxValueLength);
        metrics.ReviewsOf(ReviewVerdict.Error).Inc();
        metrics.MutationDuration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        LogRejected(logger, status, message);
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

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Admission request rejected with HTTP {StatusCode}: {Reason}")]
    private static partial void LogRejected(ILogger logger, int statusCode, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "ServiceAccount lookup for {Namespace}/{ServiceAccount} failed; admitting the pod without cloud credentials")]
    private static partial void LogLookupFailed(ILogger logger, Exception exception, string Namespace, string serviceAccount);
}
