using System.Reflection;

namespace LambaPages.Hosting;

/// <summary>
/// A class a slice needs in the container, declared where it lives: <c>[SliceService(ServiceLifetime.Singleton)]</c>.
/// Registered as itself by <see cref="SliceServices.AddSliceServices"/>, one scan at startup.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SliceServiceAttribute(ServiceLifetime lifetime) : Attribute
{
    public ServiceLifetime Lifetime => lifetime;
}

public static class SliceServices
{
    public static IServiceCollection AddSliceServices(this IServiceCollection services, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var type in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            if (type.GetCustomAttribute<SliceServiceAttribute>() is { } declared)
            {
                services.Add(new ServiceDescriptor(type, type, declared.Lifetime));
            }
        }

        return services;
    }
}
