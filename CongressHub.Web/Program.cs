using CongressHub.Domain;
using CongressHub.Domain.Common;
using CongressHub.Web.Hosting;
using CongressHub.Web.Hosting.Commands;

// `CongressHub.Web migrate`, `create-admin`, `verify-audit`, `--help`: a command, without the web server.
if (CongressCommands.IsCommand(args))
{
    return await CongressCommands.RunAsync(args, CommandConsole.FromSystem());
}

try
{
    var builder = WebApplication.CreateBuilder(Installation.Options(args));
    Installation.AddServiceManager(builder);
    builder.Services.AddCongressDomain(builder.Configuration, builder.Environment.ContentRootPath);
    builder.AddCongressWeb();

    var app = builder.Build();
    await app.InitializeDatabaseAsync();
    app.UseCongressWeb();
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (Settings.Failures(e) is not null && System.Reflection.Assembly.GetEntryAssembly() == typeof(Program).Assembly)
{
    // A wrong setting: its message, one line each, rather than a stack trace. (Under a test host the exception goes on to the test.)
    return await CongressCommands.ReportStartFailureAsync(e, CommandConsole.FromSystem()) ?? 1;
}
