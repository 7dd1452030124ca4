namespace CongressHub.Domain.Sessions;

/// <summary>One saved text of a session's minutes: every edit keeps its version, numbered from 1.</summary>
public sealed class MinutesVersion
{
    private MinutesVersion() { }

    public int Id { get; private set; }

    public int SessionId { get; private set; }

    public int Number { get; private set; }

    public string Markdown { get; private set; } = "";

    /// <summary>The display name of the convener who saved it.</summary>
    public string SavedBy { get; private set; } = "";

    public DateTime SavedUtc { get; private set; }

    internal static MinutesVersion Of(int sessionId, int number, string markdown, string savedBy, DateTime nowUtc) =>
        new() { SessionId = sessionId, Number = number, Markdown = markdown, SavedBy = savedBy, SavedUtc = nowUtc };
}
