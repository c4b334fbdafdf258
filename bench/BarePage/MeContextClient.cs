using System.Net.Http.Headers;

namespace BarePage;

/// <summary>The one upstream call: GET /v1/me/context with the caller's bearer token, attached per request.</summary>
public sealed class MeContextClient(HttpClient http)
{
    public async Task<MeContext?> GetAsync(string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/me/context");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<MeContext>(cancellationToken);
    }
}

public sealed record MeContext(MeUser User, Named? ActiveWorkspace, ActiveProject? ActiveProject, IReadOnlyList<string> RoleKeys);

public sealed record MeUser(string Id, string? Email, string? Username, string? DisplayName);

public sealed record Named(string Id, string Name);

public sealed record ActiveProject(string Id, string Name, string Environment);
