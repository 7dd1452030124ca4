using System.CommandLine;

namespace CongressHub.Web.Hosting.Commands;

/// <summary>
/// <c>restore DIR [--force]</c>: puts a folder made by <c>backup</c> in place of the configured database and adds its
/// keys to the key ring. Refused while the app runs on that database, and over a database that holds tables unless
/// <c>--force</c> says to replace it.
/// </summary>
public sealed class RestoreCommand : CongressCommand
{
    public override string Name => "restore";

    public override Command Build(CommandContext context)
    {
        var folder = NoOptions(context, new Argument<string>("folder") { Description = context.Text["Cli.Restore.Folder"] });
        var force = new Option<bool>("--force") { Description = context.Text["Cli.Restore.Force"] };
        var command = new Command(Name, context.Text["Cli.Restore"]) { folder, force };
        command.SetAction(async (parsed, ct) => await (await DatabaseBackup.OpenAsync(context, ct)).RestoreAsync(parsed.GetValue(folder)!, parsed.GetValue(force), ct));
        return command;
    }
}
