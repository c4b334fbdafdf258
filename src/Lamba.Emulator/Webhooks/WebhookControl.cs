using Lamba.Emulator.Infrastructure;

namespace Lamba.Emulator.Webhooks;

public sealed record WebhookEndpointRequest(string? Url, string? Secret, List<string>? Events);

/// <summary>An endpoint as listed: never its secret (it is shown once, when the emulator made it up).</summary>
public sealed record WebhookEndpointView(string Id, string Url, IReadOnlyList<string> Events, DateTimeOffset CreatedAt, string? Secret = null);

/// <summary><c>/_emulator/webhooks</c>: register endpoints, list and remove them, read the delivery log (development mode only).</summary>
public static class WebhookControl
{
    public static IEndpointRouteBuilder MapWebhookControl(this IEndpointRouteBuilder endpoints)
    {
        var webhooks = endpoints.MapGroup("/_emulator/webhooks");
        webhooks.MapGet("/", (WebhookEndpoints registry) =>
            Results.Ok(new ListPage<WebhookEndpointView>([.. registry.List().Select(e => new WebhookEndpointView(e.Id, e.Url, e.Events, e.CreatedAt))], null)));
        webhooks.MapPost("/", Add);
        webhooks.MapDelete("/{id}", (string id, WebhookEndpoints registry) => registry.Remove(id) ? Results.NoContent() : Problems.NotFound("No such webhook endpoint."));
        webhooks.MapGet("/deliveries", (string? type, WebhookDispatcher dispatcher) => Results.Ok(new ListPage<WebhookDeliveryView>(dispatcher.Log(type), null)));
        return endpoints;
    }

    public static IServiceCollection AddWebhookSender(this IServiceCollection services)
    {
        services.AddSingleton<WebhookEndpoints>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddScoped<WebhookEvents>();
        services.AddHostedService<WebhookSender>();
        services.AddHttpClient(WebhookSender.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(5))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        return services;
    }

    private static IResult Add(WebhookEndpointRequest body, WebhookEndpoints registry)
    {
        var errors = new FieldErrors();
        if (!Uri.TryCreate(body.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add("url", "Give an absolute http or https URL.");
        }

        if (body.Secret is { Length: > 0 and < 16 })
        {
            errors.Add("secret", "Use a secret of at least 16 characters, or leave it out and the emulator makes one.");
        }

        var events = body.Events ?? [];
        if (events.Any(e => !WebhookEventTypes.All.Contains(e, StringComparer.Ordinal)))
        {
            errors.Add("events", "Use event types from: " + string.Join(", ", WebhookEventTypes.All) + ".");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var madeUp = string.IsNullOrEmpty(body.Secret);
        var endpoint = registry.Add(url!.ToString(), madeUp ? "whsec_" + Secrets.NewToken() : body.Secret!, events);
        return Results.Json(
            new WebhookEndpointView(endpoint.Id, endpoint.Url, endpoint.Events, endpoint.CreatedAt, madeUp ? endpoint.Secret : null),
            statusCode: StatusCodes.Status201Created);
    }
}
