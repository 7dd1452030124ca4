using System.CommandLine;
using CongressHub.Domain.Accounts;
using CongressHub.Domain.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Web.Hosting.Commands;

/// <summary>
/// <c>create-admin USERNAME [--password P] [--display-name NAME]</c>: a city admin account, for a database without the
/// demo. The password comes from <c>--password</c> or, when standard input is redirected, its first line (so it stays out
/// of the shell's history); Identity's password rules and unique user names apply as on the accounts page.
/// </summary>
public sealed class CreateAdminCommand : CongressCommand
{
    public override string Name => "create-admin";

    public override Command Build(CommandContext context)
    {
        var userName = NoOptions(context, new Argument<string>("user-name") { Description = context.Text["Cli.CreateAdmin.UserName"] });
        var password = new Option<string?>("--password") { Description = context.Text["Cli.CreateAdmin.Password"] };
        var displayName = new Option<string?>("--display-name") { Description = context.Text["Cli.CreateAdmin.DisplayName"] };
        var command = new Command(Name, context.Text["Cli.CreateAdmin"]) { userName, password, displayName };
        command.SetAction(async (parsed, ct) =>
        {
            var console = context.Console;
            var secret = parsed.GetValue(password) ?? (console.InputRedirected ? await console.In.ReadLineAsync(ct) : null);
            if (string.IsNullOrEmpty(secret))
            {
                await console.Error.WriteLineAsync(context.Text["Cli.CreateAdmin.NoPassword"]);
                return 1;
            }
            var name = parsed.GetValue(userName)!.Trim();
            await using var scope = (await context.ServicesAsync()).CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CongressDbContext>();
            if ((await db.Database.GetPendingMigrationsAsync(ct)).Any() || !await db.Roles.AnyAsync(r => r.Name == Roles.CityAdmin, ct))
            {
                await console.Error.WriteLineAsync(context.Text["Cli.NotMigrated"]);
                return 1;
            }
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CongressUser>>();
            var user = new CongressUser { UserName = name, DisplayName = parsed.GetValue(displayName)?.Trim() is { Length: > 0 } shown ? shown : name, LockoutEnabled = true };
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var result = await users.CreateAsync(user, secret);
            if (result.Succeeded)
            {
                result = await users.AddToRoleAsync(user, Roles.CityAdmin);
            }
            if (!result.Succeeded)
            {
                foreach (var reason in result.Errors.Select(Describe).Distinct())
                {
                    await console.Error.WriteLineAsync(reason);
                }
                return 1;
            }
            await tx.CommitAsync(ct);
            await console.Out.WriteLineAsync(context.Text["Cli.CreateAdmin.Created", name]);
            return 0;
        });
        return command;
    }

    /// <summary>Identity's own messages are English only; the product's wording of its rules, as the accounts page gives it.</summary>
    private static string Describe(IdentityError error) => error.Code switch
    {
        "DuplicateUserName" => DomainText.Get("Account.UserNameTaken"),
        "InvalidUserName" => DomainText.Get("Account.UserNameInvalid"),
        var code when code.StartsWith("Password", StringComparison.Ordinal) => DomainText.Get("Account.PasswordRules"),
        _ => error.Description,
    };
}
