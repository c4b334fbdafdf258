using Lamba.AspNetCore.Client;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LambaPages.Hosting;

/// <summary>
/// <c>/healthz</c>: the process answers (liveness). <c>/readyz</c>: Lamba's two hosts answer, and Redis when
/// ConnectionStrings:Redis is set (readiness: a load balancer sends traffic only to a ready instance). Both are
/// anonymous and sit before authentication in the pipeline, so a probe never reads or writes a session cookie.
/// </summary>
public static class Health
{
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/readyz";
    private const string ReadyTag = "ready";

    public static IServiceCollection AddHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpClient(LambaReachableCheck.ClientName, client => client.Timeout = TimeSpan.FromSeconds(3));
        var checks = services.AddHealthChecks()
            .AddCheck<LambaReachableCheck>("lamba", tags: [ReadyTag]);
        if (SharedState.RedisConnectionString(configuration) is not null)
        {
            checks.AddRedis(provider => provider.GetRequiredService<IConnectionMultiplexer>(), "redis", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(2));
        }

        return services;
    }

    public static IApplicationBuilder UseHealth(this IApplicationBuilder app)
    {
        app.UseHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        app.UseHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }
}

/// <summary>Both Lamba hosts answer HTTP at all: any status below 500 means reachable (a root path may well be 404).</summary>
internal sealed class LambaReachableCheck(IHttpClientFactory clients, IOptions<LambaOptions> options) : IHealthCheck
{
    public const string ClientName = "LambaHealth";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var client = clients.CreateClient(ClientName);
        foreach (var host in new[] { settings.AuthBaseUrl, settings.ApiBaseUrl }.OfType<Uri>().Distinct())
        {
            try
            {
                using var response = await client.GetAsync(host, cancellationToken);
                if ((int)response.StatusCode >= 500)
                {
                    return HealthCheckResult.Unhealthy($"Lamba host {host.Host} answered {(int)response.StatusCode}.");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return HealthCheckResult.Unhealthy($"Lamba host {host.Host} is not reachable.");
            }
        }

        return HealthCheckResult.Healthy();
    }
}
