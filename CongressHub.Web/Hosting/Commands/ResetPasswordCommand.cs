using System.CommandLine;
using CongressHub.Domain.Accounts;
using CongressHub.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Web.Hosting.Commands;

/// <summary>
/// <c>reset-password USERNAME</c>: for the account nobody who could reset it can reach (the only city admin, a convener
/// whose city admin is away). Prints a one-time password; the account must choose a new one at its next sign-in, and
/// every page and token of the account is signed out. Audited as a reset at the console.
/// </summary>
public sealed class ResetPasswordCommand : CongressCommand
{
    public override string Name => "reset-password";

    public override Command Build(CommandContext context)
    {
        var userName = NoOptions(context, new Argument<string>("user-name") { Description = context.Text["Cli.ResetPassword.UserName"] });
        var command = new Command(Name, context.Text["Cli.ResetPassword"]) { userName };
        command.SetAction(async (parsed, ct) =>
        {
            var console = context.Console;
            var services = await context.ServicesAsync();
            await using (var db = await services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContextAsync(ct))
            {
                if ((await db.Database.GetPendingMigrationsAsync(ct)).Any())
                {
                    await console.Error.WriteLineAsync(context.Text["Cli.NotMigrated"]);
                    return 1;
                }
            }
            var name = parsed.GetValue(userName)!.Trim();
            try
            {
                var password = await services.GetRequiredService<AccountService>().ResetPasswordAsync(name, ct);
                await console.Out.WriteLineAsync(context.Text["Cli.ResetPassword.Done", name]);
                await console.Out.WriteLineAsync(password);
                return 0;
            }
            catch (NotFoundException)
            {
                await console.Error.WriteLineAsync(context.Text["Cli.ResetPassword.NoSuchUser", name]);
                return 1;
            }
            catch (DomainException refused)
            {
                // An account that signs in by card only has no password to reset.
                await console.Error.WriteLineAsync(refused.Message);
                return 1;
            }
        });
        return command;
    }
}
