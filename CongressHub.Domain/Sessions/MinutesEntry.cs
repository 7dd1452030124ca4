using CongressHub.Domain.Common;

namespace CongressHub.Domain.Sessions;

/// <summary>One timestamped line of what happened in a session; the minutes draft is built from them.</summary>
public sealed class MinutesEntry
{
    private MinutesEntry() { }

    public int Id { get; private set; }

    public int SessionId { get; private set; }

    public DateTime AtUtc { get; private set; }

    /// <summary>The line as written, in the writer's language; what older rows have alone.</summary>
    public string Text { get; private set; } = "";

    /// <summary>The message key and arguments (<see cref="SystemText"/>) the line is rendered from, in the reader's language.</summary>
    public string? TextKey { get; private set; }

    public string? TextArgs { get; private set; }

    /// <summary>The line in the current UI culture.</summary>
    public string Display => SystemText.Render(TextKey, TextArgs, Text);

    public static MinutesEntry Log(int sessionId, DateTime atUtc, string key, params object?[] args)
    {
        var stored = SystemText.Args(args);
        return new() { SessionId = sessionId, AtUtc = atUtc, Text = SystemText.Fit(SystemText.Render(key, stored), 400), TextKey = key, TextArgs = stored };
    }
}
