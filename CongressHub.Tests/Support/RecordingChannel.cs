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
        List<(Func<OutgoingMessage, bool> Match, TaskCompletionSource<OutgoingMessage> Done)> met;
        lock (_sent)
        {
            _sent.Add(message);
            met = _waiting.Where(w => w.Match(message)).ToList();
            met.ForEach(w => _waiting.Remove(w));
        }
        met.ForEach(w => w.Done.TrySetResult(message));
        return Task.FromResult(ChannelAnswer.Ok(message.MessageId));
    }

    private readonly List<(Func<OutgoingMessage, bool> Match, TaskCompletionSource<OutgoingMessage> Done)> _waiting = [];

    /// <summary>The first message, sent already or still to come, that matches: for a sender that runs in the background.</summary>
    public Task<OutgoingMessage> WaitForAsync(Func<OutgoingMessage, bool> match, TimeSpan timeout)
    {
        lock (_sent)
        {
            if (_sent.FirstOrDefault(match) is { } sent)
            {
                return Task.FromResult(sent);
            }
            var done = new TaskCompletionSource<OutgoingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add((match, done));
            return done.Task.WaitAsync(timeout);
        }
    }
}
