namespace CongressHub.Domain.Common;

/// <summary><c>Secrecy:KeyFile</c>: the file that wraps the keys of open secret votes (see <see cref="Secrecy"/>); empty for the account's settings folder.</summary>
public sealed class SecrecyOptions : ISettings
{
    public static string Section => "Secrecy";

    public string? KeyFile { get; set; }

    // The file itself is checked when the app starts (Secrecy.CheckAsync), where its contents and place are known.
    public string? Problem() => null;
}
