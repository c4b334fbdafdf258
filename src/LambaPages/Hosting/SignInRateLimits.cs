using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Lamba.AspNetCore;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using RedisRateLimiting;
using StackExchange.Redis;

namespace LambaPages.Hosting;

/// <summary>Configuration section "RateLimits": how many sign-in and step-up POSTs a client and an identifier get per window.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>POSTs per client IP, per sign-in form and step, per window.</summary>
    public int PerClientPermitLimit { get; set; } = 60;

    public int PerClientWindowSeconds { get; set; } = 60;

    /// <summary>POSTs per login / email / phone number, per sign-in form and step, per window.</summary>
    public int PerIdentifierPermitLimit { get; set; } = 10;

    public int PerIdentifierWindowSeconds { get; set; } = 60;

    /// <summary>POSTs per signed-in session, per step-up form (password, e-mail, MFA changes), per window.</summary>
    public int StepUpPermitLimit { get; set; } = 10;

    public int StepUpWindowSeconds { get; set; } = 900;

    /// <summary>How long "Send a new code" waits after a code went out.</summary>
    public int PhoneCodeResendSeconds { get; set; } = 30;

    public TimeSpan PhoneCodeResendCooldown => TimeSpan.FromSeconds(PhoneCodeResendSeconds);
}

/// <summary>
/// Marks a sign-in page (its PageModel) whose POSTs are rate limited, with its own budget <see cref="Name"/>. The
/// identifier being tried comes from the form field <see cref="FormField"/>, else from the service
/// <see cref="Identifier"/> (an <see cref="ISignInIdentifier"/>, for a step whose identifier waits server-side).
/// A step-up form (<see cref="StepUp"/>: password, e-mail and MFA changes under /Me) is limited per signed-in session
/// instead, with <see cref="RateLimitOptions.StepUpPermitLimit"/>, so a stolen session cannot guess at will (Lamba keeps
/// its own attempt budget behind this one).
/// Declared in the slice's folder; <see cref="SignInRateLimits"/> finds it in the endpoint's metadata.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SignInRateLimitAttribute(string name) : Attribute
{
    public string Name => name;

    public string? FormField { get; init; }

    public Type? Identifier { get; init; }

    public bool StepUp { get; init; }

    public string? IdentifierOf(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (StepUp)
        {
            // The portal's id for this sign-in (the one claim of the session identity); null when signed out, whose
            // POST is sent to sign in without spending the budget.
            return http.User.Identity?.IsAuthenticated == true ? http.User.FindFirst(ClaimTypes.NameIdentifier)?.Value : null;
        }

        if (FormField is not null && SignInRateLimits.Field(http, FormField) is { Length: > 0 } typed)
        {
            return typed;
        }

        return Identifier is null ? null : ((ISignInIdentifier)http.RequestServices.GetRequiredService(Identifier)).IdentifierOf(http);
    }
}

/// <summary>Names the login, email or phone number a sign-in POST is about (a pending step's, when the form has none).</summary>
public interface ISignInIdentifier
{
    string? IdentifierOf(HttpContext http);
}

/// <summary>
/// Abuse resistance for the sign-in forms: ASP.NET Core rate limiting with two chained, partitioned fixed-window
/// limiters (per client IP, and per identifier), applied to the POSTs of every page marked with
/// <see cref="SignInRateLimitAttribute"/>. A rejected POST never reaches the page, so never reaches Lamba: it answers
/// 429 with Retry-After, and the error page (status-code re-execution) says when to try again.
/// With ConnectionStrings:Redis set, each window lives in Redis (RedisRateLimiting), so the budget is one across every
/// instance; if Redis cannot be reached, sign-in POSTs fail with the error page rather than go unlimited.
/// </summary>
public static class SignInRateLimits
{
    public static IServiceCollection AddSignInRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section));
        services.AddSingleton<RateLimitRejectionLog>();
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

    /// <summary>
    /// After routing (the limiter needs the endpoint) and authentication (a step-up budget is the signed-in session's).
    /// Only the POSTs of marked pages enter the limiter: every other request would still take the partitioned limiters'
    /// locks to find its "no limit" partition. The form is read first, so partitioning never blocks on I/O.
    /// </summary>
    public static IApplicationBuilder UseSignInRateLimits(this IApplicationBuilder app) =>
        app.UseWhen(http => Limited(http) is not null, limited =>
        {
            limited.Use(async (http, next) =>
            {
                if (http.Request.HasFormContentType)
                {
                    await http.Request.ReadFormAsync(http.RequestAborted);
                }

                await next(http);
            });
            limited.UseRateLimiter();
        });

    private static SignInRateLimitAttribute? Limited(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method) ? http.GetEndpoint()?.Metadata.GetMetadata<SignInRateLimitAttribute>() : null;

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

        var identifier = limit.IdentifierOf(http)?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(identifier))
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        return limit.StepUp
            ? Window($"{limit.Name}|session|{Hash(identifier)}", limits.StepUpPermitLimit, limits.StepUpWindowSeconds, redis)
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
            : TimeSpan.FromSeconds(Math.Max(limits.PerClientWindowSeconds, Limited(context.HttpContext)?.StepUp == true
                ? limits.StepUpWindowSeconds
                : limits.PerIdentifierWindowSeconds));
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        var http = context.HttpContext;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

        // Which form, never which identifier: a login or phone number in a metric or a log is personal data.
        var form = Limited(http)?.Name ?? "unknown";
        http.RequestServices.GetRequiredService<LambaMetrics>().RateLimitRejection(form);
        if (http.RequestServices.GetRequiredService<RateLimitRejectionLog>().ShouldWrite(form, out var since))
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInRateLimits).FullName!)
                .LogWarning("Rate limited attempts on {Form}: {Count} since the last such line; the latest may retry after {Seconds} s", form, since, seconds);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>A field of the posted form (read before partitioning), or null.</summary>
    public static string? Field(HttpContext http, string name) =>
        http.Request.HasFormContentType && http.Request.Form.TryGetValue(name, out var value) ? value.ToString() : null;
}

/// <summary>
/// At most one "rate limited" line per form every <see cref="Interval"/>, carrying how many were turned away since the
/// previous one: someone hammering a form must not write a log line per attempt (the metric still counts each). The
/// first rejection on a quiet form is written at once.
/// </summary>
public sealed class RateLimitRejectionLog(TimeProvider clock)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Counter> forms = new(StringComparer.Ordinal);

    /// <summary>Counts a rejection on <paramref name="form"/>; true when a line is due, with the rejections it reports.</summary>
    public bool ShouldWrite(string form, out int since)
    {
        var counter = forms.GetOrAdd(form, _ => new Counter());
        var now = clock.GetUtcNow();
        lock (counter)
        {
            counter.Rejected++;
            if (now < counter.NextLine)
            {
                since = 0;
                return false;
            }

            since = counter.Rejected;
            counter.Rejected = 0;
            counter.NextLine = now + Interval;
            return true;
        }
    }

    private sealed class Counter
    {
        public int Rejected { get; set; }

        public DateTimeOffset NextLine { get; set; }
    }
}
