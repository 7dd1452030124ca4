using System.CommandLine;

namespace CongressHub.Web.Hosting.Commands;

/// <summary>
/// <c>backup DIR</c>: a copy of the configured database and its key ring into an empty or new folder, while the app
/// runs (see <see cref="BackupManifest"/> for what the folder holds). Never the secrecy key file.
/// </summary>
public sealed class BackupCommand : CongressCommand
{
    public override string Name => "backup";

    public override Command Build(CommandContext context)
    {
        var folder = NoOptions(context, new Argument<string>("folder") { Description = context.Text["Cli.Backup.Folder"] });
        var command = new Command(Name, context.Text["Cli.Backup"]) { folder };
        command.SetAction(async (parsed, ct) => await (await DatabaseBackup.OpenAsync(context, ct)).BackupAsync(parsed.GetValue(folder)!, ct));
        return command;
    }
}
