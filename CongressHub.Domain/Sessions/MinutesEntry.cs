namespace CongressHub.Domain.Sessions;

/// <summary>One timestamped line of what happened in a session; the minutes draft is built from them.</summary>
public sealed class MinutesEntry
{
    private MinutesEntry() { }

    public int Id { get; private set; }

    public int SessionId { get; private set; }

    public DateTime AtUtc { get; private set; }

    public string Text { get; private set; } = "";

    public static MinutesEntry Log(int sessionId, DateTime atUtc, string text) =>
        new() { SessionId = sessionId, AtUtc = atUtc, Text = text };
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

    public string Title { get; private set; } = "";

    public string Link { get; private set; } = "";

    public DateTime CreatedUtc { get; private set; }

    public static Notice ToDelegates(int streetId, int termId, string title, string link, DateTime nowUtc) =>
        new() { StreetId = streetId, TermId = termId, Title = Fit(title), Link = link, CreatedUtc = nowUtc };

    public static Notice ToUser(int streetId, string userId, string title, string link, DateTime nowUtc) =>
        new() { StreetId = streetId, UserId = userId, Title = Fit(title), Link = link, CreatedUtc = nowUtc };

    private static string Fit(string title) => title.Length <= 200 ? title : title[..199] + "…";
}
