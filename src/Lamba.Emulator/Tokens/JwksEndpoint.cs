namespace Lamba.Emulator.Tokens;

public static class JwksEndpoint
{
    public static IEndpointRouteBuilder MapJwks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/.well-known/jwks.json", (SigningKeys keys) => Results.Json(keys.Jwks()));
        return endpoints;
    }
}
