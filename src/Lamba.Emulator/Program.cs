namespace Lamba.Emulator;

/// <summary>Runs the emulator alone: <c>dotnet run --project src/Lamba.Emulator</c>.</summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        var app = EmulatorApp.Build(args);
        await app.RunAsync();
    }
}
