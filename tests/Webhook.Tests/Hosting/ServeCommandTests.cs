namespace PodIdentity.Webhook.Tests.Hosting;

public sealed class ServeCommandTests
{
    [Theory]
    [InlineData(new[] { "--urls", "http://127.0.0.1:0" }, "is not HTTPS")]
    [InlineData(new[] { "--Tls:ReloadInterval", "00:00:00" }, "Tls:ReloadInterval 00:00:00 is invalid")]
    [InlineData(new[] { "--Server:MetricsPort", "70000" }, "Server:MetricsPort 70000 is invalid")]
    [InlineData(new[] { "--Server:HttpsPort", "abc" }, "Server:HttpsPort")]
    [InlineData(new[] { "--Server:MaxConcurrentConnections", "-1" }, "Server:MaxConcurrentConnections -1 is invalid: expected a number of connections between 1 and 1000000, or 0 for no limit")]
    [InlineData(new[] { "--Server:KeepAliveTimeout", "00:00:00" }, "Server:KeepAliveTimeout 00:00:00 is invalid: expected a duration between 00:00:01 and 00:10:00")]
    [InlineData(new[] { "--Server:MinRequestBodyBytesPerSecond", "-5" }, "Server:MinRequestBodyBytesPerSecond -5 is invalid")]
    [InlineData(new[] { "--Server:Http2MaxStreamsPerConnection", "0" }, "Server:Http2MaxStreamsPerConnection 0 is invalid")]
    [InlineData(new[] { "--Logging:Format", "xml" }, "Logging:Format \"xml\" is invalid")]
    [InlineData(new[] { "--Serilog:MinimumLevel:Default", "Loud" }, "Serilog:MinimumLevel:Default \"Loud\" is invalid: expected one of Verbose, Debug, Information, Warning, Error, Fatal")]
    [InlineData(new[] { "--Serilog:MinimumLevel:Override:Microsoft.AspNetCore", "3" }, "Serilog:MinimumLevel:Override:Microsoft.AspNetCore \"3\" is invalid")]
    [InlineData(new[] { "--demo", "--Demo:ServiceAccounts", "no/such/dir" }, "Demo:ServiceAccounts \"no/such/dir\" matches no file")]
    [InlineData(new[] { "--Aws:TokenExpirationSeconds", "5" }, "Aws:TokenExpirationSeconds 5 is invalid")]
    [InlineData(new[] { "--Mutation:InvalidAnnotations", "Maybe" }, "Expected \"Deny\" (reject pods with invalid annotations) or \"Warn\"")]
    [InlineData(new[] { "--CoreWeave:S3Endpoint", "cwlota.com" }, "CoreWeave:S3Endpoint \"cwlota.com\" is invalid")]
    public void Bad_configuration_stops_start_up_with_exit_2_and_a_message(string[] args, string message)
    {
        using var stderr = new StringWriter();

        var exit = WebhookApp.Serve(["--demo", "--urls", "https://127.0.0.1:0", "--Demo:OutputDirectory", Path.Combine(Path.GetTempPath(), "webhook-serve-tests"), .. args], stderr);

        Assert.Equal(2, exit);
        Assert.Contains(message, stderr.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("error: invalid configuration: ", stderr.ToString(), StringComparison.Ordinal);
    }
}
