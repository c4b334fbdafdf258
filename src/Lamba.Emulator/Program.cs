using Lamba.Emulator.Hosting;
using Lamba.Emulator.Store.Seeding;

namespace Lamba.Emulator;

/// <summary>Runs the emulator alone: <c>dotnet run --project src/Lamba.Emulator</c>.</summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        if (EmulatorCommandLine.WantsHelp(args))
        {
            Console.WriteLine(EmulatorCommandLine.Usage);
            return;
        }

        WebApplication app;
        try
        {
            app = EmulatorApp.Build(args);
        }
        catch (Exception exception) when (exception is SeedFileException or InvalidOperationException)
        {
            // A bad seed or an unsafe option: say what to fix, without a stack trace.
            await Console.Error.WriteLineAsync(exception.Message);
            Environment.ExitCode = 2;
            return;
        }

        await app.RunAsync();
    }
}
