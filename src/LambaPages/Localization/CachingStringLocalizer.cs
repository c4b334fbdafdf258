using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace LambaPages.Localization;

/// <summary>
/// Every page asks for dozens of texts, and the resource localizer builds a cache-key string and a new
/// <see cref="LocalizedString"/> for each ask. This keeps the found ones per UI culture and name, so a repeated text
/// costs a dictionary lookup and no allocation. Only texts found in the resources are kept: a name that is not a
/// resource key (an upstream message, say) passes through uncached, so the cache cannot grow beyond the resource files.
/// </summary>
public sealed class CachingStringLocalizer(IStringLocalizer inner) : IStringLocalizer
{
    private readonly ConcurrentDictionary<(string Culture, string Name), LocalizedString> found = new();

    public LocalizedString this[string name]
    {
        get
        {
            var key = (CultureInfo.CurrentUICulture.Name, name);
            if (found.TryGetValue(key, out var cached))
            {
                return cached;
            }

            var text = inner[name];
            if (!text.ResourceNotFound)
            {
                found.TryAdd(key, text);
            }

            return text;
        }
    }

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var format = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, format.Value, arguments), format.ResourceNotFound, format.SearchedLocation);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);
}

/// <summary>Hands out <see cref="CachingStringLocalizer"/>s over the resource localizers, one per resource type.</summary>
public sealed class CachingStringLocalizerFactory(ResourceManagerStringLocalizerFactory resources) : IStringLocalizerFactory
{
    private readonly ConcurrentDictionary<Type, IStringLocalizer> byType = new();
    private readonly ConcurrentDictionary<(string BaseName, string Location), IStringLocalizer> byName = new();

    public IStringLocalizer Create(Type resourceSource) =>
        byType.GetOrAdd(resourceSource, type => new CachingStringLocalizer(resources.Create(type)));

    public IStringLocalizer Create(string baseName, string location) =>
        byName.GetOrAdd((baseName, location), key => new CachingStringLocalizer(resources.Create(key.BaseName, key.Location)));
}
