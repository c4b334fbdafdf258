using BarePage;

// BARE_API_BASE_URL: Lamba's api host (the bench's emulator). The cookie "bare_access" holds the raw access token.
var builder = WebApplication.CreateBuilder(args);
var apiBase = builder.Configuration["BARE_API_BASE_URL"]
    ?? throw new InvalidOperationException("Set BARE_API_BASE_URL to the Lamba api host.");
builder.Services.AddRazorPages();
builder.Services.AddHttpClient<MeContextClient>(client => client.BaseAddress = new Uri(apiBase));

var app = builder.Build();
app.MapGet("/healthz", () => "ok");
app.MapRazorPages();
app.Run();
