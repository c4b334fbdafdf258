namespace LambaPages.Bench;

/// <summary>
/// The three processes of a run and how each is started, in one place: one standalone emulator, and against it the
/// portal and the bare page. Both pages run in Production with their own appsettings and the allocation probe.
/// </summary>
internal sealed class BenchServers : IAsyncDisposable
{
    /// <summary>A per-login sign-in limit the bench's own sign-ins stay under (each login signs in once), so that
    /// B8 can exceed it with one login; the per-client limit is out of the way, all requests come from 127.0.0.1.</summary>
    public const int PerLoginSignInLimit = 5;

    private BenchServers(ServerProcess emulator, ServerProcess portal, ServerProcess bare)
    {
        Emulator = emulator;
        Portal = portal;
        Bare = bare;
    }

    public ServerProcess Emulator { get; }

    public ServerProcess Portal { get; }

    public ServerProcess Bare { get; }

    public static async Task<BenchServers> StartAsync(BenchSettings settings, string workDirectory, CancellationToken cancellationToken)
    {
        var emulator = await ServerProcess.StartAsync("emulator", "src/Lamba.Emulator", "Lamba.Emulator", new Dictionary<string, string>
        {
            // --urls (passed to every process) sets its address; Emulator:Urls is the same for emulator builds before --urls.
            ["Emulator__Urls"] = "{url}",
            ["Emulator__DevelopmentMode"] = "true",
            // Cheap password hashing as in the tests: the bench measures pages, not PBKDF2 at sign-in.
            ["Emulator__PasswordHashIterations"] = "1000",
            ["Emulator__AuthAttemptLimit"] = "100000000",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        }, workDirectory, "/", probe: false, cancellationToken);

        var lamba = emulator.BaseAddress.ToString();
        var pages = new[]
        {
            ServerProcess.StartAsync("portal", "src/LambaPages", "LambaPages", new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["LAMBA_CUSTOMER_AUTH_BASE_URL"] = lamba,
                ["LAMBA_CUSTOMER_API_BASE_URL"] = lamba,
                ["LAMBA_CUSTOMER_WORKSPACE_ID"] = BenchUsers.Workspace,
                ["LAMBA_CUSTOMER_PROJECT_ID"] = BenchUsers.Project,
                ["LAMBA_CUSTOMER_ENV"] = BenchUsers.Environment,
                ["LAMBA_PUBLIC_ORIGIN"] = "{url}",
                ["LAMBA_DATA_DIR"] = Path.Combine(workDirectory, "portal-data"),
                ["RateLimits__PerClientPermitLimit"] = "100000000",
                ["RateLimits__PerIdentifierPermitLimit"] = PerLoginSignInLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["PermissionCache__Lifetime"] = settings.PermissionCacheLifetime.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            }, workDirectory, "/Login", probe: true, cancellationToken),
            ServerProcess.StartAsync("bare", "bench/BarePage", "BarePage", new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["BARE_API_BASE_URL"] = lamba,
            }, workDirectory, "/healthz", probe: true, cancellationToken),
        };
        try
        {
            await Task.WhenAll(pages);
        }
        catch
        {
            foreach (var page in pages.Where(p => p.IsCompletedSuccessfully))
            {
                await page.Result.DisposeAsync();
            }

            await emulator.DisposeAsync();
            throw;
        }

        return new BenchServers(emulator, pages[0].Result, pages[1].Result);
    }

    public async ValueTask DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Bare.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
