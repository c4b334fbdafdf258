using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Lamba.AspNetCore;
using LambaPages.Features.Login;
using LambaPages.Features.Phone;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using RedisRateLimiting;
using StackExchange.Redis;

namespace LambaPages.Hosting;

/// <summary>Configuration section "RateLimits": how many sign-in POSTs a client and an identifier get per window.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>POSTs per client IP, per sign-in form and step, per window.</summary>
    public int PerClientPermitLimit { get; set; } = 60;

    public int PerClientWindowSeconds { get; set; } = 60;

    /// <summary>POSTs per login / email / phone number, per sign-in form and step, per window.</summary>
    public int PerIdentifierPermitLimit { get; set; } = 10;

    public int PerIdentifierWindowSeconds { get; set; } = 60;

    /// <summary>How long "Send a new code" waits after a code went out.</summary>
    public int PhoneCodeResendSeconds { get; set; } = 30;

    public TimeSpan PhoneCodeResendCooldown => TimeSpan.FromSeconds(PhoneCodeResendSeconds);
}

/// <summary>Marks a sign-in page whose POSTs are rate limited, and says how to find the identifier being tried.</summary>
public sealed record SignInRateLimit(string Name, Func<HttpContext, string?> Identifier);

/// <summary>
/// Abuse resistance for the sign-in forms: ASP.NET Core rate limiting with two chained, partitioned fixed-window
/// limiters (per client IP, and per identifier), applied to the POSTs of the pages listed in <see cref="Pages"/>.
/// A rejected POST never reaches the page, so never reaches Lamba: it answers 429 with Retry-After, and the
/// error page (status-code re-execution) says when to try again.
/// With ConnectionStrings:Redis set, each window lives in Redis (RedisRateLimiting), so the budget is one across every
/// instance; if Redis cannot be reached, sign-in POSTs fail with the error page rather than go unlimited.
/// </summary>
public static class SignInRateLimits
{
    /// <summary>Which pages are limited, and the form field (or pending step) that names the identifier.</summary>
    public static readonly IReadOnlyDictionary<string, SignInRateLimit> Pages = new Dictionary<string, SignInRateLimit>
    {
        ["/Login/Index"] = new("login", http => Field(http, "Input.Login")),
        ["/Login/Mfa"] = new("login-mfa", http => http.RequestServices.GetRequiredService<PendingLogin>().Recall(http.Request)?.Login),
        ["/Register/Index"] = new("register", http => Field(http, "Input.Email")),
        ["/MagicLink/Index"] = new("magic-link", http => Field(http, "Input.Email")),
        ["/MagicLink/Continue"] = new("magic-link-continue", _ => null),
        ["/MagicLink/Mfa"] = new("magic-link-mfa", _ => null),
        ["/Phone/Index"] = new("phone", http => PhoneRules.Normalise(Field(http, "Input.Phone"))),
        ["/Phone/Code"] = new("phone-code", PendingPhoneNumber),
        ["/Phone/Mfa"] = new("phone-mfa", PendingPhoneNumber),
    };

    public static IServiceCollection AddSignInRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section));
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>, IServiceProvider>((options, limits, provider) =>
        {
            var redis = provider.GetService<IConnectionMultiplexer>();
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => Partition(http, limits.Value, redis, byIdentifier: false)),
                PartitionedRateLimiter.Create<HttpContext, string>(http => Partition(http, limits.Value, redis, byIdentifier: true)));
            options.OnRejected = (context, _) => Reject(context, limits.Value);
        });
        return services;
    }

    /// <summary>Puts the metadata on each listed page (the convention beside the feature gates).</summary>
    public static PageConventionCollection AddSignInRateLimits(this PageConventionCollection conventions)
    {
        ArgumentNullException.ThrowIfNull(conventions);
        foreach (var (page, limit) in Pages)
        {
            conventions.AddPageApplicationModelConvention(page, model => model.EndpointMetadata.Add(limit));
        }

        return conventions;
    }

    /// <summary>After routing (the limiter needs the endpoint): read the form first, so partitioning never blocks on I/O.</summary>
    public static IApplicationBuilder UseSignInRateLimits(this IApplicationBuilder app)
    {
        app.Use(async (http, next) =>
        {
            if (Limited(http) is not null && http.Request.HasFormContentType)
            {
                await http.Request.ReadFormAsync(http.RequestAborted);
            }

            await next(http);
        });
        return app.UseRateLimiter();
    }

    private static SignInRateLimit? Limited(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method) ? http.GetEndpoint()?.Metadata.GetMetadata<SignInRateLimit>() : null;

    private static RateLimitPartition<string> Partition(HttpContext http, RateLimitOptions limits, IConnectionMultiplexer? redis, bool byIdentifier)
    {
        if (Limited(http) is not { } limit)
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        // Each step is its own page with its own budget: asking for a code and trying one are different attempts.
        // (Never keyed by the handler name: the query is the client's to choose, and would buy fresh budgets.)
        if (!byIdentifier)
        {
            // The client IP is the real client's behind a trusted proxy (TrustedProxies), never a forwarded header's claim.
            var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return Window($"{limit.Name}|ip|{Hash(client)}", limits.PerClientPermitLimit, limits.PerClientWindowSeconds, redis);
        }

        var identifier = limit.Identifier(http)?.Trim().ToUpperInvariant();
        return string.IsNullOrEmpty(identifier)
            ? RateLimitPartition.GetNoLimiter("")
            : Window($"{limit.Name}|id|{Hash(identifier)}", limits.PerIdentifierPermitLimit, limits.PerIdentifierWindowSeconds, redis);
    }

    /// <summary>A fixed window in this process, or in Redis (one budget for the whole cluster) when Redis is configured.</summary>
    private static RateLimitPartition<string> Window(string partition, int permits, int seconds, IConnectionMultiplexer? redis) =>
        redis is null
            ? RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, permits),
                Window = TimeSpan.FromSeconds(Math.Max(1, seconds)),
                QueueLimit = 0,
                AutoReplenishment = true,
            })
            : RedisRateLimitPartition.GetFixedWindowRateLimiter(SharedState.KeyPrefix + "sign-in:" + partition, _ => new RedisFixedWindowRateLimiterOptions
            {
                ConnectionMultiplexerFactory = () => redis,
                PermitLimit = Math.Max(1, permits),
                Window = TimeSpan.FromSeconds(Math.Max(1, seconds)),
            });

    /// <summary>Partition names end up as Redis keys: a login, phone number or address is personal data, its hash is not.</summary>
    private static string Hash(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];

    private static ValueTask Reject(OnRejectedContext context, RateLimitOptions limits)
    {
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? retryAfter
            : TimeSpan.FromSeconds(Math.Max(limits.PerClientWindowSeconds, limits.PerIdentifierWindowSeconds));
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        var http = context.HttpContext;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

        http.RequestServices.GetRequiredService<LambaMetrics>().RateLimitRejection(Limited(http)?.Name ?? "unknown");

        // Which form, never which identifier: a login or phone number in a log is personal data.
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInRateLimits).FullName!)
            .LogWarning("Rate limited a sign-in attempt on {Form}; retry after {Seconds} s", Limited(http)?.Name, seconds);
        return ValueTask.CompletedTask;
    }

    private static string? PendingPhoneNumber(HttpContext http) =>
        http.RequestServices.GetRequiredService<PendingPhone>().Recall(http.Request)?.Phone;

    private static string? Field(HttpContext http, string name) =>
        http.Request.HasFormContentType && http.Request.Form.TryGetValue(name, out var value) ? value.ToString() : null;
}
