using CongressHub.Domain;
using CongressHub.Web.Hosting;
using CongressHub.Web.Hosting.Commands;

// `CongressHub.Web migrate`, `create-admin`, `verify-audit`, `--help`: a command, without the web server.
if (CongressCommands.IsCommand(args))
{
    return await CongressCommands.RunAsync(args, CommandConsole.FromSystem());
}

var builder = WebApplication.CreateBuilder(Installation.Options(args));
Installation.AddServiceManager(builder);
builder.Services.AddCongressDomain(builder.Configuration, builder.Environment.ContentRootPath);
builder.AddCongressWeb();

var app = builder.Build();
await app.InitializeDatabaseAsync();
app.UseCongressWeb();
app.Run();
return 0;
