using CongressHub.Domain;
using CongressHub.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddCongressDomain(builder.Configuration, builder.Environment.ContentRootPath);
builder.AddCongressWeb();

var app = builder.Build();
await app.InitializeDatabaseAsync();
app.UseCongressWeb();
app.Run();
