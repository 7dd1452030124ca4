namespace CongressHub.Domain.Notices;

/// <summary>
/// One way a notice leaves the app (e-mail, an SMS gateway, 企业微信). The sender hands it one message at a time
/// (one notice, or a digest of several for one person) and records its answer; an exception counts as a failure to
/// try again.
/// </summary>
public interface INoticeChannel
{
    NoticeChannel Channel { get; }

    /// <summary>Its settings are given; a channel that is not is never chosen for anyone.</summary>
    bool Enabled { get; }

    Task<ChannelAnswer> SendAsync(OutgoingMessage message, CancellationToken ct);
}

/// <summary>
/// A message to one address. <see cref="MessageId"/> is the same on every attempt, so that a receiver that keeps
/// ids can tell a repeat. <see cref="UnsubscribeUrl"/> is null for what the person cannot refuse (the session call).
/// </summary>
public sealed record OutgoingMessage(string MessageId, string Address, string? RecipientName, IReadOnlyList<OutgoingNotice> Notices, string? UnsubscribeUrl)
{
    public bool IsDigest => Notices.Count > 1;
}

/// <summary>One notice in a message: its text in Chinese, the link to it, and its key and arguments for a template (SMS).</summary>
public sealed record OutgoingNotice(NoticeKind Kind, string Text, string Url, string? TextKey, IReadOnlyList<string> Args);

/// <summary>What the channel said: accepted (with its id for the message), or refused for now or for good.</summary>
public sealed record ChannelAnswer(bool Accepted, string? ExternalId, string? Error, bool Permanent)
{
    public static ChannelAnswer Ok(string? externalId) => new(true, externalId, null, false);

    public static ChannelAnswer Retry(string error) => new(false, null, error, false);

    public static ChannelAnswer Refused(string error) => new(false, null, error, true);
}
