using System.Reflection;
using Lamba.AspNetCore.Client;

namespace Lamba.AspNetCore;

/// <summary>
/// Declares a Refit interface as a Lamba client beside the code that uses it: <c>[LambaApi(LambaHost.Api)]</c>.
/// <see cref="LambaApiScan.AddLambaApis"/> registers every one it finds, as <see cref="LambaApiRegistration.AddLambaApi{TApi}"/> would.
/// </summary>
[AttributeUsage(AttributeTargets.Interface, AllowMultiple = false)]
public sealed class LambaApiAttribute(LambaHost host, LambaAuth auth = LambaAuth.Session) : Attribute
{
    public LambaHost Host => host;

    public LambaAuth Auth => auth;
}

public static class LambaApiScan
{
    private static readonly MethodInfo AddOne = typeof(LambaApiRegistration).GetMethod(nameof(LambaApiRegistration.AddLambaApi))!;

    /// <summary>Registers every interface of <paramref name="assembly"/> marked <see cref="LambaApiAttribute"/>.</summary>
    public static IServiceCollection AddLambaApis(this IServiceCollection services, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var api in assembly.GetTypes().Where(t => t.IsInterface))
        {
            if (api.GetCustomAttribute<LambaApiAttribute>() is { } declared)
            {
                AddOne.MakeGenericMethod(api).Invoke(null, [services, declared.Host, declared.Auth]);
            }
        }

        return services;
    }
}
