using System.CommandLine;
using CongressHub.Domain.Seeding;

namespace CongressHub.Web.Hosting.Commands;

/// <summary>
/// <c>migrate</c>: brings the configured database (SQLite or PostgreSQL) to the latest migration and makes sure the
/// roles exist, as the app's start does, but seeds no demo and creates no account. Prints the migrations it applied.
/// </summary>
public sealed class MigrateCommand : CongressCommand
{
    public override string Name => "migrate";

    public override Command Build(CommandContext context)
    {
        var command = new Command(Name, context.Text["Cli.Migrate"]);
        command.SetAction(async (_, ct) =>
        {
            var services = await context.ServicesAsync();
            var applied = await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            var output = context.Console.Out;
            if (applied.Count == 0)
            {
                await output.WriteLineAsync(context.Text["Cli.Migrate.UpToDate"]);
                return 0;
            }
            await output.WriteLineAsync(context.Text["Cli.Migrate.Applied", applied.Count]);
            foreach (var migration in applied)
            {
                await output.WriteLineAsync("  " + migration);
            }
            return 0;
        });
        return command;
    }
}
