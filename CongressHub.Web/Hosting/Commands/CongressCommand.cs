using System.CommandLine;
using Microsoft.Extensions.Localization;

namespace CongressHub.Web.Hosting.Commands;

/// <summary>
/// One command of the executable. A new command is a subclass here and one line in <see cref="CongressCommands.All"/>.
/// </summary>
public abstract class CongressCommand
{
    /// <summary>The word on the command line (<c>migrate</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The System.CommandLine command: its arguments, options, description and action.</summary>
    public abstract Command Build(CommandContext context);

    /// <summary>
    /// System.CommandLine hands a token it does not know as an option (<c>--bogus</c>) to an argument that still has
    /// room; this makes it the error it is.
    /// </summary>
    protected static T NoOptions<T>(CommandContext context, T argument) where T : Argument
    {
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-')))
            {
                result.AddError(context.Text["Cli.UnknownOption", token.Value]);
            }
        });
        return argument;
    }
}

/// <summary>What a command's action works with: the console, the interface texts, and the app's services.</summary>
/// <param name="services">Made on first use, so that help and parse errors never touch the database.</param>
public sealed class CommandContext(CommandConsole console, IStringLocalizer text, Func<Task<IServiceProvider>> services)
{
    private Task<IServiceProvider>? _services;

    public CommandConsole Console { get; } = console;

    /// <summary>The app's localizer (Resources/SharedResource), in the console's language.</summary>
    public IStringLocalizer Text { get; } = text;

    public Task<IServiceProvider> ServicesAsync() => _services ??= services();
}
