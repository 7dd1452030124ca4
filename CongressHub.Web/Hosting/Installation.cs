using Microsoft.Extensions.Logging.Console;

namespace CongressHub.Web.Hosting;

/// <summary>How the app finds its own files wherever it is started from, and how it runs as a system service.</summary>
public static class Installation
{
    /// <summary>
    /// The builder's options. The content root (<c>appsettings.json</c>, <c>wwwroot</c>, and <c>data</c> unless
    /// <c>Data:Folder</c> says otherwise) is the current directory when that holds <c>appsettings.json</c> (the project
    /// folder under <c>dotnet run</c>, the program folder of a service), else the program's own folder: an operator who
    /// runs <c>dotnet /opt/congresshub/CongressHub.Web.dll</c> from their home gets the installed app, not an empty one.
    /// <c>--contentRoot</c> (or <c>ASPNETCORE_CONTENTROOT</c>) still decides when given.
    /// </summary>
    public static WebApplicationOptions Options(string[] args) => new()
    {
        Args = args,
        ContentRootPath = ContentRoot(args, Environment.CurrentDirectory, AppContext.BaseDirectory),
    };

    /// <summary>The content root to set, or <c>null</c> to leave it to the host (the current directory, or the one named).</summary>
    public static string? ContentRoot(IReadOnlyList<string> args, string currentDirectory, string programFolder)
    {
        var named = args.Any(a => a.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        if (named || File.Exists(Path.Combine(currentDirectory, "appsettings.json")) || !File.Exists(Path.Combine(programFolder, "appsettings.json")))
        {
            return null;
        }
        return programFolder;
    }

    /// <summary>
    /// Under systemd (<c>Type=notify</c>): tells it when the app is ready and when it stops, and writes the console log in
    /// the journal's format, each line with its level as priority; a collector that asked for JSON still gets JSON.
    /// Outside systemd, nothing changes.
    /// </summary>
    public static void AddServiceManager(WebApplicationBuilder builder)
    {
        builder.Services.AddSystemd();
        if (string.Equals(builder.Configuration["Logging:Console:FormatterName"], ConsoleFormatterNames.Json, StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.PostConfigure<ConsoleLoggerOptions>(o => o.FormatterName = ConsoleFormatterNames.Json);
        }
    }
}
