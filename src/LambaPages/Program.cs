using LambaPages.Hosting;

// The table of contents: every concern is wired in AddLambaPages / UseLambaPages (Hosting/LambaPagesApplication.cs).
var builder = WebApplication.CreateBuilder(args);
builder.AddLambaPages();

var app = builder.Build();
app.UseLambaPages();

app.Run();

