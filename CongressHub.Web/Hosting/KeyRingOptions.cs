using CongressHub.Domain.Common;

namespace CongressHub.Web.Hosting;

/// <summary>
/// <c>DataProtection:KeysFolder</c>: the folder of the keys that protect cookies, antiforgery tokens and the public
/// form's human check; empty for <c>data/keys</c> beside the app (on PostgreSQL: in the database).
/// </summary>
public sealed class KeyRingOptions : ISettings
{
    public static string Section => "DataProtection";

    public string? KeysFolder { get; set; }

    public string? Problem()
    {
        if (KeysFolder is null)
        {
            return null;
        }
        try
        {
            _ = Path.GetFullPath(KeysFolder);
            return null;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return Settings.Wrong("DataProtection:KeysFolder", KeysFolder, "a folder path");
        }
    }
}
