using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using CongressHub.Domain;
using CongressHub.Domain.Common;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CongressHub.Web.Hosting.Commands;

/// <summary>
/// The executable's commands (<c>CongressHub.Web migrate</c>), parsed by System.CommandLine. Program.cs runs one when
/// the first argument names it (or asks for help) and starts the web app otherwise.
/// <para>
/// Configuration arguments are the web app's: a command takes <c>--Key=Value</c> (any key) and <c>--Section:Key value</c>
/// (a key with a colon) wherever they stand, unless the name is one of the command's own options. They are set aside
/// before parsing and handed to the same configuration the web app reads (appsettings, environment, arguments), so
/// <c>migrate --Database:Provider=Postgres --ConnectionStrings:CongressHub="Host=…"</c> reaches the database the app would.
/// Anything else that starts with <c>--</c> is the command's, and an unknown one is an error.
/// </para>
/// </summary>
public static class CongressCommands
{
    /// <summary>Every command, in the order help lists them.</summary>
    public static readonly IReadOnlyList<CongressCommand> All =
    [
        new MigrateCommand(),
        new CreateAdminCommand(),
        new ResetPasswordCommand(),
        new BackupCommand(),
        new RestoreCommand(),
        new VerifyAuditCommand(),
    ];

    private static readonly string[] HelpWords = ["help", "--help", "-h", "-?"];

    /// <summary>Whether the command line asks for a command (or for the commands' help) rather than the web app.</summary>
    public static bool IsCommand(IReadOnlyList<string> args) =>
        args.Count > 0 && (All.Any(c => c.Name == args[0]) || HelpWords.Contains(args[0]));

    /// <summary>Runs the command that <paramref name="args"/> names, and returns its exit code.</summary>
    /// <param name="services">The app's services; without them, a host is built from the configuration arguments.</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CommandConsole console, IServiceProvider? services = null, CancellationToken ct = default)
    {
        var culture = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = console.Culture;
        WebApplication? host = null;
        try
        {
            var text = Localizer();
            var configuration = new List<string>();
            var context = new CommandContext(console, text, () =>
            {
                if (services is not null)
                {
                    return Task.FromResult(services);
                }
                host = BuildHost(configuration);
                return Task.FromResult(host.Services);
            });
            var root = new RootCommand(text["Cli.Description"]) { TreatUnmatchedTokensAsErrors = true };
            foreach (var command in All)
            {
                root.Add(command.Build(context));
            }
            var commandLine = SetConfigurationAside(args.Count > 0 && args[0] == "help" ? ["--help", .. args.Skip(1)] : args, OptionNames(root), configuration);
            var parsed = root.Parse(commandLine);
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false }, ct);
        }
        catch (Exception e) when (Settings.Failures(e) is { } wrong)
        {
            await ReportWrongSettingsAsync(wrong, console);
            return 1;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or OptionsValidationException)
        {
            // A database that cannot be reached, or a wrong setting (an unknown time zone, Demo:Seed=maybe), named in the message.
            await console.Error.WriteLineAsync(Localizer()[e is DbException ? "Cli.DatabaseUnreachable" : "Cli.Failed", e.Message]);
            return 1;
        }
        finally
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = culture;
        }
    }

    /// <summary>
    /// Says which settings stop the web app's start, one line each, in the console's language; returns the exit code
    /// (1), or null when <paramref name="error"/> is not about settings.
    /// </summary>
    public static async Task<int?> ReportStartFailureAsync(Exception error, CommandConsole console)
    {
        if (Settings.Failures(error) is not { } wrong)
        {
            return null;
        }
        var culture = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = console.Culture;
        try
        {
            await ReportWrongSettingsAsync(wrong, console);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = culture;
        }
        return 1;
    }

    private static async Task ReportWrongSettingsAsync(IReadOnlyList<string> wrong, CommandConsole console)
    {
        foreach (var message in wrong)
        {
            await console.Error.WriteLineAsync(Localizer()["Cli.WrongSetting", message]);
        }
    }

    /// <summary>Moves the configuration arguments (see the class) into <paramref name="configuration"/>; returns the rest.</summary>
    internal static List<string> SetConfigurationAside(IReadOnlyList<string> args, IReadOnlySet<string> optionNames, List<string> configuration)
    {
        var commandLine = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? token : token[..equals];
            if (!token.StartsWith("--", StringComparison.Ordinal) || name.Length <= 2 || optionNames.Contains(name))
            {
                commandLine.Add(token);
            }
            else if (equals > 0)
            {
                configuration.Add(token);
            }
            else if (name.Contains(':', StringComparison.Ordinal) && i + 1 < args.Count)
            {
                configuration.Add($"{name}={args[++i]}");
            }
            else
            {
                commandLine.Add(token);
            }
        }
        return commandLine;
    }

    private static HashSet<string> OptionNames(Command root)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var command in root.Subcommands.Prepend(root))
        {
            foreach (var option in command.Options)
            {
                names.Add(option.Name);
                names.UnionWith(option.Aliases);
            }
        }
        return names;
    }

    /// <summary>The app's configuration and domain services, without the web server, its key ring or its realtime wiring.</summary>
    private static WebApplication BuildHost(IReadOnlyList<string> configuration)
    {
        var builder = WebApplication.CreateBuilder(Installation.Options([.. configuration]));
        // The command's own lines are its output; the framework's chatter (every SQL statement) is not.
        builder.Logging.AddFilter((_, level) => level >= LogLevel.Warning);
        builder.Services.AddCongressDomain(builder.Configuration, builder.Environment.ContentRootPath);
        var host = builder.Build();
        // The host is never started, so its settings are checked here, as the web app's start would (ValidateOnStart).
        host.Services.GetService<IStartupValidator>()?.Validate();
        return host;
    }

    private static IStringLocalizer Localizer() =>
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance)
            .Create(typeof(SharedResource));
}
