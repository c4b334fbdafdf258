using Lamba.Emulator.Hosting;

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

        var app = EmulatorApp.Build(args);
        await app.RunAsync();
    }
}
