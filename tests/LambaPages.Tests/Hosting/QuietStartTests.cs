using LambaPages.Hosting;
using LambaPages.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace LambaPages.Tests.Hosting;

/// <summary>A first run shows the banner, the demo logins and warnings; --verbose or a logging setting brings the rest back.</summary>
public sealed class QuietStartTests
{
    private static readonly string DevelopmentSettings =
        Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "LambaPages", "appsettings.Development.json");

    [Fact]
    public void Development_logs_warnings_only_but_keeps_the_listening_address()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(DevelopmentSettings)).Build();

        Assert.Equal("Warning", configuration["Logging:LogLevel:Default"]);
        Assert.Equal("Warning", configuration["Logging:LogLevel:LambaPages"]);
        Assert.Equal("Information", configuration["Logging:LogLevel:Microsoft.Hosting.Lifetime"]);
    }

    [Fact]
    public void The_verbose_flag_brings_debug_logging_back_and_keeps_every_other_argument()
    {
        string[] args = ["--verbose", "--urls", "http://127.0.0.1:5000"];

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.GetFullPath(DevelopmentSettings))
            .AddCommandLine(ConsoleVerbosity.Expand(args))
            .Build();

        Assert.Equal("Debug", configuration["Logging:LogLevel:Default"]);
        Assert.Equal("Debug", configuration["Logging:LogLevel:LambaPages"]);
        Assert.Equal("http://127.0.0.1:5000", configuration["urls"]);
        string[] plain = ["--urls", "http://127.0.0.1:5000"];
        Assert.Same(plain, ConsoleVerbosity.Expand(plain));
    }

    [Fact]
    public async Task Says_in_one_line_where_the_keys_are_instead_of_the_data_protection_warning()
    {
        await using var host = await PortalHost.StartAsync();
        using var browser = host.NewBrowser();
        // A form page: its antiforgery token makes Data Protection create (and store) the first key.
        await browser.GetAsync("/Register");

        var notice = Assert.Single(host.Logs.Lines, line => line.Contains("Data Protection keys:", StringComparison.Ordinal));
        Assert.Contains(Path.DirectorySeparatorChar + "keys", notice, StringComparison.Ordinal);
        Assert.Contains("LAMBA_KEYRING_CERT_PATH", notice, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Lines, line => line.Contains("No XML encryptor configured", StringComparison.Ordinal));
    }
}
