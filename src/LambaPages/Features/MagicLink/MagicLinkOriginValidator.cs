using Lamba.AspNetCore.Client;
using LambaPages.Hosting;
using Microsoft.Extensions.Options;

namespace LambaPages.Features.MagicLink;

/// <summary>
/// The magic link is emailed, so while MagicLink may be on the portal must know its public origin (LAMBA_PUBLIC_ORIGIN)
/// outside Development and tests; when set, it must be an origin either way. Checked at startup with the Lamba settings.
/// </summary>
public sealed class MagicLinkOriginValidator(IHostEnvironment environment, IConfiguration configuration) : IValidateOptions<LambaOptions>
{
    public ValidateOptionsResult Validate(string? name, LambaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var requiredBy = MagicLinkMayBeOn() ? FeatureFlags.MagicLink : null;
        return PublicOriginRules.Problem(options.PublicOrigin, environment, requiredBy) is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
    }

    /// <summary>A flag is on unless it is absent or literally false (a filter section may turn it on per request).</summary>
    private bool MagicLinkMayBeOn()
    {
        var flag = configuration.GetSection("FeatureManagement:" + FeatureFlags.MagicLink);
        return flag.Exists() && !string.Equals(flag.Value, "false", StringComparison.OrdinalIgnoreCase);
    }
}
