namespace LambaPages.E2E.Infrastructure;

/// <summary>Finds the repository root from the test assembly, so relative settings mean the same on every machine.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LambaPages.sln")))
            {
                return dir.FullName;
            }
        }

        // Running from a copied output folder: artifacts land beside the binaries rather than nowhere.
        return AppContext.BaseDirectory;
    }
}
