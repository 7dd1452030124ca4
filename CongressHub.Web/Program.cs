using CongressHub.Domain;
using CongressHub.Web.Audit;
using CongressHub.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddCongressDomain(builder.Configuration, builder.Environment.ContentRootPath);
builder.AddCongressWeb();

var app = builder.Build();
if (AuditCommand.IsRequested(args))
{
    return await AuditCommand.RunAsync(app.Services, args, Console.Out);
}
await app.InitializeDatabaseAsync();
app.UseCongressWeb();
app.Run();
return 0;
