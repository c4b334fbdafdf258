using Lamba.AspNetCore;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LambaPages.Hosting;

/// <summary>
/// OpenTelemetry traces and metrics: incoming requests (ASP.NET Core), upstream calls (HttpClient) and the portal's own
/// <see cref="LambaMetrics"/>, collected and exported over OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT is set (the
/// standard OTEL_* variables configure the rest). Query strings are redacted by the instrumentation and no header is
/// recorded, so magic-link tokens and bearers stay out of spans; the probes are not traced.
/// </summary>
public static class Telemetry
{
    public const string ServiceName = "LambaPages";

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        // Nothing to send to, nothing to record: listening would still build an Activity with its tags for every request
        // and every Lamba call, and aggregate every metric, only to drop them.
        if (string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = http =>
                    !http.Request.Path.StartsWithSegments(Health.LivePath) && !http.Request.Path.StartsWithSegments(Health.ReadyPath))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(LambaMetrics.MeterName))
            .UseOtlpExporter();
        return services;
    }
}
