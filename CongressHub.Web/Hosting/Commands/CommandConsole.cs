using System.Globalization;

namespace CongressHub.Web.Hosting.Commands;

/// <summary>
/// Where a command writes and reads, and the language of its help and messages. <see cref="FromSystem"/> is the
/// process's own; tests make one over a <see cref="StringWriter"/>.
/// </summary>
/// <param name="InputRedirected">Standard input comes from a pipe or a file, so a command may read a secret from it.</param>
public sealed record CommandConsole(TextWriter Out, TextWriter Error, TextReader In, bool InputRedirected, CultureInfo Culture)
{
    public static CommandConsole FromSystem() =>
        new(Console.Out, Console.Error, Console.In, Console.IsInputRedirected, LanguageOf(Environment.GetEnvironmentVariable));

    /// <summary>Output and errors into one writer, no input, in English unless <paramref name="culture"/> says otherwise.</summary>
    public static CommandConsole Into(TextWriter output, CultureInfo? culture = null, TextReader? input = null) =>
        new(output, output, input ?? TextReader.Null, input is not null, culture ?? WebSetup.Cultures[1]);

    /// <summary>
    /// The language a terminal asks for, by POSIX precedence (<c>LC_ALL</c>, then <c>LC_MESSAGES</c>, then <c>LANG</c>):
    /// Chinese for any <c>zh…</c> locale (<c>zh_CN.UTF-8</c>), English otherwise.
    /// </summary>
    public static CultureInfo LanguageOf(Func<string, string?> environment)
    {
        var locale = new[] { "LC_ALL", "LC_MESSAGES", "LANG" }.Select(environment).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        return locale is not null && locale.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? WebSetup.Cultures[0] : WebSetup.Cultures[1];
    }
}
