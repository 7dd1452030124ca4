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

/// <summary>An in-app notice to the delegates of a street (a session was published, …).</summary>
public sealed class Notice
{
    private Notice() { }

    public int Id { get; private set; }

    public int StreetId { get; private set; }

    public int TermId { get; private set; }

    /// <summary>For one account only (an assignment to an officer or community staff); null for every delegate of the term.</summary>
    public string? UserId { get; private set; }

    /// <summary>The notice as written, in the writer's language; what older rows have alone.</summary>
    public string Title { get; private set; } = "";

    /// <summary>The message key and arguments (<see cref="SystemText"/>) the notice is rendered from, in the reader's language.</summary>
    public string? TextKey { get; private set; }

    public string? TextArgs { get; private set; }

    public string Link { get; private set; } = "";

    public DateTime CreatedUtc { get; private set; }

    public static Notice ToDelegates(int streetId, int termId, string link, DateTime nowUtc, string key, params object?[] args) =>
        Of(streetId, termId, null, link, nowUtc, key, args);

    public static Notice ToUser(int streetId, string userId, string link, DateTime nowUtc, string key, params object?[] args) =>
        Of(streetId, 0, userId, link, nowUtc, key, args);

    /// <summary>The notice in the current UI culture.</summary>
    public string Display => SystemText.Render(TextKey, TextArgs, Title);

    private static Notice Of(int streetId, int termId, string? userId, string link, DateTime nowUtc, string key, object?[] args)
    {
        var stored = SystemText.Args(args);
        return new()
        {
            StreetId = streetId, TermId = termId, UserId = userId, Link = link, CreatedUtc = nowUtc,
            Title = SystemText.Fit(SystemText.Render(key, stored), 200), TextKey = key, TextArgs = stored,
        };
    }
}
