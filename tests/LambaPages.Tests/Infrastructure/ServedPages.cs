using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LambaPages.Tests.Infrastructure;

/// <summary>One handler method of a served page, as the request that reaches it.</summary>
public sealed record PageHandler(string Method, string Url, string Page, Endpoint Endpoint);

/// <summary>
/// The pages and handlers the portal really serves, read from its endpoint data source and compiled pages, so a sweep
/// over them covers a page or handler added later without editing the test.
/// </summary>
public static class ServedPages
{
    /// <summary>Every Razor page whose path passes <paramref name="include"/>, with its endpoint.</summary>
    public static IReadOnlyList<(PageActionDescriptor Descriptor, Endpoint Endpoint)> Pages(PortalHost host, Func<string, bool> include) =>
        host.Portal.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => (Descriptor: e.Metadata.GetMetadata<PageActionDescriptor>(), Endpoint: e))
            .Where(p => p.Descriptor is not null && include(p.Descriptor.ViewEnginePath))
            // An Index page is served at two routes ("/Admin/Members" and "/Admin/Members/Index"): one page, the shorter address.
            .GroupBy(p => p.Descriptor!.ViewEnginePath)
            .Select(g => g.OrderBy(p => p.Descriptor!.AttributeRouteInfo!.Template!.Length).First())
            .Select(p => (p.Descriptor!, p.Endpoint))
            .ToList();

    /// <summary>Every handler method of those pages (GET, or POST for every other verb a form can send).</summary>
    public static async Task<IReadOnlyList<PageHandler>> HandlersAsync(PortalHost host, Func<string, bool> include)
    {
        var loader = host.Portal.Services.GetRequiredService<PageLoader>();
        var handlers = new List<PageHandler>();
        foreach (var (descriptor, endpoint) in Pages(host, include))
        {
            var compiled = await loader.LoadAsync(descriptor, endpoint.Metadata);
            var url = "/" + descriptor.AttributeRouteInfo!.Template;
            foreach (var handler in compiled.HandlerMethods)
            {
                var method = string.Equals(handler.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase) ? HttpMethods.Get : HttpMethods.Post;
                handlers.Add(new(method, handler.Name is null ? url : $"{url}?handler={handler.Name}", descriptor.ViewEnginePath, endpoint));
            }
        }

        return handlers;
    }
}
