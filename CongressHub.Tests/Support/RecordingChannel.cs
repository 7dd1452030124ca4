using CongressHub.Domain.Notices;

namespace CongressHub.Tests.Support;

/// <summary>
/// A notice channel that stands in for the world outside (an SMTP server, an SMS gateway): it keeps every message it is
/// given and takes it.
/// </summary>
public sealed class RecordingChannel(NoticeChannel channel, bool enabled = true) : INoticeChannel
{
    private readonly List<OutgoingMessage> _sent = [];

    public NoticeChannel Channel { get; } = channel;

    public bool Enabled { get; } = enabled;

    public IReadOnlyList<OutgoingMessage> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>The messages sent to <paramref name="address"/>, in order.</summary>
    public IReadOnlyList<OutgoingMessage> To(string address) => Sent.Where(m => m.Address == address).ToList();

    public Task<ChannelAnswer> SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        lock (_sent)
        {
            _sent.Add(message);
        }
        return Task.FromResult(ChannelAnswer.Ok(message.MessageId));
    }
}
