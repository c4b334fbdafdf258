using System.Reflection;
using Lamba.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.Mvc;

namespace LambaPages.Features;

/// <summary>Feature flag names (configuration section "FeatureManagement"). One list; pages, links and gates use these.</summary>
public static class FeatureFlags
{
    public const string Registration = nameof(Registration);
    public const string MagicLink = nameof(MagicLink);
    public const string PhoneCode = nameof(PhoneCode);
    public const string Mfa = nameof(Mfa);
    public const string AdminArea = nameof(AdminArea);
    public const string AdminAudit = nameof(AdminAudit);

    /// <summary>
    /// Which page folder each flag switches off, as each slice declares with <see cref="FeatureFolderAttribute"/> in its
    /// own folder. A disabled feature's pages answer 404 (FeatureGate's default), with no attribute on each page.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> GatedFolders = typeof(FeatureFlags).Assembly
        .GetCustomAttributes<FeatureFolderAttribute>().ToDictionary(gate => gate.Folder, gate => gate.Flag, StringComparer.Ordinal);

    /// <summary>Adds a <see cref="FeatureGateAttribute"/> to every page under each gated folder.</summary>
    public static PageConventionCollection AddFeatureGates(this PageConventionCollection conventions)
    {
        ArgumentNullException.ThrowIfNull(conventions);
        foreach (var (folder, flag) in GatedFolders)
        {
            conventions.AddFolderApplicationModelConvention(folder, model => GatePage(model, flag));
        }

        return conventions;
    }

    internal static void GatePage(PageApplicationModel model, string flag) => model.Filters.Add(new FeatureGateAttribute(flag));
}

/// <summary>A slice's page folder that a feature flag switches off: <c>[assembly: FeatureFolder("/Phone", FeatureFlags.PhoneCode)]</c>.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class FeatureFolderAttribute(string folder, string flag) : Attribute
{
    public string Folder => folder;

    public string Flag => flag;
}

/// <summary>
/// Tells the permission policies that a page lies in a folder whose flag (<see cref="FeatureFlags.GatedFolders"/>) is off:
/// they refuse it as not found without asking Lamba, so a hidden area costs no upstream call.
/// </summary>
public sealed class GatedFolderSwitch(IFeatureManager features) : IFeatureSwitch
{
    public async Task<bool> IsOffAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.GetEndpoint()?.Metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath;
        if (path is null)
        {
            return false;
        }

        foreach (var (folder, flag) in FeatureFlags.GatedFolders)
        {
            if ((path.Equals(folder, StringComparison.OrdinalIgnoreCase) || path.StartsWith(folder + "/", StringComparison.OrdinalIgnoreCase))
                && !await features.IsEnabledAsync(flag))
            {
                return true;
            }
        }

        return false;
    }
}
