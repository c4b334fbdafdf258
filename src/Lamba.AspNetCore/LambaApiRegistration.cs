using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lamba.AspNetCore.Client;
using Lamba.AspNetCore.Session;
using Lamba.AspNetCore.SharedState;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;
using Microsoft.Extensions.Options;
using Refit;

namespace Lamba.AspNetCore;

/// <summary>How a Refit client authenticates its calls.</summary>
public enum LambaAuth
{
    /// <summary>The signed-in user's access token from the session; on the api host a 401 refreshes once and retries once.</summary>
    Session,

    /// <summary>No session bearer: sign-in calls and refresh (a method may still pass a token explicitly with [Authorize]).</summary>
    None,
}

public static class LambaApiRegistration
{
    /// <summary>
    /// JSON as Lamba speaks it: camelCase bodies (the token shape names its snake_case fields itself), absent
    /// optional fields left out rather than sent as null, unknown fields ignored.
    /// </summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>How long one attempt at a Lamba call may take (as in the standard resilience handler).</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Registers the Refit client <typeparamref name="TApi"/> for one Lamba host: base address from the validated
    /// options, JSON and no-store on every request, the correlation-id handler, the session bearer (and refresh-on-401 for the api host) unless
    /// <paramref name="auth"/> is <see cref="LambaAuth.None"/>, and a resilience handler that retries only safe
    /// methods: a POST is never sent twice by it.
    /// </summary>
    public static IHttpClientBuilder AddLambaApi<TApi>(this IServiceCollection services, LambaHost host, LambaAuth auth = LambaAuth.Session)
        where TApi : class
    {
        services.AddHttpContextAccessor();
        services.TryAddTransient<LambaRequestDefaultsHandler>();
        services.TryAddTransient<CorrelationIdHandler>();
        services.TryAddTransient<ClientInfoHandler>();
        services.TryAddTransient<BearerTokenHandler>();
        services.TryAddTransient<RefreshOnUnauthorizedHandler>();

        var builder = services
            .AddRefitGeneratedClient<TApi>(_ => CreateRefitSettings())
            .ConfigureHttpClient((provider, client) =>
                client.BaseAddress = provider.GetRequiredService<IOptions<LambaOptions>>().Value.BaseUrlFor(host))
            .AddHttpMessageHandler<LambaRequestDefaultsHandler>()
            .AddHttpMessageHandler<CorrelationIdHandler>()
            .AddHttpMessageHandler<ClientInfoHandler>()
            // The factory's two logging handlers open a scope and time every call, for lines at Information that the
            // portal filters out; a failed call is logged where it is handled, and traced by OpenTelemetry when on.
            .RemoveAllLoggers();

        if (auth == LambaAuth.Session)
        {
            // Any call made with the session's bearer (switch-context on the id host too) refreshes once on a 401.
            builder.AddHttpMessageHandler<RefreshOnUnauthorizedHandler>();

            builder.AddHttpMessageHandler<BearerTokenHandler>();
        }

        // The standard handler's retry, circuit breaker and attempt timeout, without its concurrency limiter and total
        // timeout: one retry with no backoff cannot outlast two attempts, and each strategy costs every call.
        builder.AddResilienceHandler("lamba", pipeline =>
        {
            var retry = new HttpRetryStrategyOptions
            {
                // One immediate retry of a safe read: it rides over a dropped pooled connection or one failed answer. No
                // second retry and no backoff: when Lamba is down, two more tries 200-2000 ms apart kept the user waiting
                // seconds for the same error page (bench B7), while the error page at once says "try again".
                MaxRetryAttempts = 1,
                Delay = TimeSpan.Zero,
                // A Retry-After of minutes (429, 423) is for the user to read, not for a request to sleep on.
                ShouldRetryAfterHeader = false,
            };
            retry.DisableForUnsafeHttpMethods();
            pipeline.AddRetry(retry);
            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                // Lamba down fails fast: once half of at least 10 calls in 10 s failed, calls stop for 5 s and the error
                // page answers at once (bench B7); then one call probes. The default (100 calls in 30 s) kept a portal
                // with a handful of users sending every view into a dead Lamba, twice, for most of a minute.
                SamplingDuration = TimeSpan.FromSeconds(10),
                MinimumThroughput = 10,
                FailureRatio = 0.5,
                BreakDuration = TimeSpan.FromSeconds(5),
                ShouldHandle = args => ValueTask.FromResult(LambaUnhealthy(args.Outcome)),
            });
            pipeline.AddTimeout(AttemptTimeout);
        });
        return builder;
    }

    /// <summary>
    /// What says Lamba itself is unwell: no answer, a timeout, a server error. Never a 429 or 423: those answer one
    /// client or one account, and counting them would let anyone who fails sign-ins on purpose open the circuit for
    /// every user.
    /// </summary>
    private static bool LambaUnhealthy(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout,
        _ => false,
    };

    private static RefitSettings CreateRefitSettings()
    {
        var settings = new RefitSettings(new SystemTextJsonContentSerializer(JsonOptions));
        settings.ExceptionRedactor = exception =>
        {
            // An exception keeps the live request: drop its bearer before it can reach a log or telemetry sink.
            exception.RequestMessage?.Headers.Authorization = null;
        };
        // Refit wraps what the handler pipeline throws; "the session ended" must reach SessionEndedMiddleware as itself.
        settings.TransportExceptionFactory = (request, exception, cancellationToken) => exception switch
        {
            LambaSessionEndedException => exception,
            SharedStateUnavailableException => exception,
            OperationCanceledException when cancellationToken.IsCancellationRequested => exception,
            _ => new ApiRequestException(request, request.Method, settings, exception),
        };
        return settings;
    }
}
