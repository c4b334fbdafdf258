using LambaPages.Hosting;

// The table of contents: every concern is wired in AddLambaPages / UseLambaPages (Hosting/LambaPagesApplication.cs).
// --verbose: the console shows every detail (Hosting/ConsoleVerbosity.cs); a first run shows the banner and warnings.
var builder = WebApplication.CreateBuilder(ConsoleVerbosity.Expand(args));
builder.AddLambaPages();

var app = builder.Build();
app.UseLambaPages();

app.Run();
