namespace CongressHub.Domain.Common;

/// <summary>
/// Which page of a list read by key, newest first: the newest page; the page of rows older than <see cref="Before"/>;
/// or the page of rows newer than <see cref="After"/> (<see cref="KeyPage{T}"/>).
/// </summary>
public sealed record KeyRequest(long? Before = null, long? After = null, int Size = KeyRequest.DefaultSize)
{
    public const int DefaultSize = 50;

    /// <summary>The size asked for, within one and <paramref name="max"/>.</summary>
    public int SizeWithin(int max) => Math.Clamp(Size, 1, max);
}

/// <summary>
/// One page of a list read by key (an audit entry's sequence, an item's number) rather than by offset: a page reads
/// its own rows and no row before them however deep it lies, and a row added between two pages neither repeats one nor
/// hides one. <see cref="Older"/> and <see cref="Newer"/> are the keys to ask with for the next page either way (as
/// <see cref="KeyRequest.Before"/> and <see cref="KeyRequest.After"/>), null where there is none;
/// <see cref="Total"/> is given when counting was cheap.
/// </summary>
public sealed record KeyPage<T>(IReadOnlyList<T> Rows, long? Older, long? Newer, int? Total = null);
