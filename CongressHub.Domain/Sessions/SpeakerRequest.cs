using CongressHub.Domain.Common;

namespace CongressHub.Domain.Sessions;

/// <summary>A delegate's place in the speakers' list of an agenda item: Waiting → Speaking → Done, or Withdrawn.</summary>
public sealed class SpeakerRequest
{
    private SpeakerRequest() { }

    public int Id { get; private set; }

    public int SessionId { get; private set; }

    public int AgendaItemId { get; private set; }

    public int DelegateId { get; private set; }

    public int Position { get; internal set; }

    public SpeakerStatus Status { get; private set; }

    public DateTime RequestedUtc { get; private set; }

    public DateTime? StartedUtc { get; private set; }

    public DateTime? EndedUtc { get; private set; }

    /// <summary>When the speaking time runs out; sent to screens once, they count down themselves.</summary>
    public DateTime? DeadlineUtc { get; private set; }

    public static SpeakerRequest Ask(int sessionId, int itemId, int delegateId, int position, DateTime nowUtc) =>
        new() { SessionId = sessionId, AgendaItemId = itemId, DelegateId = delegateId, Position = position, Status = SpeakerStatus.Waiting, RequestedUtc = nowUtc };

    public bool IsOpen => Status is SpeakerStatus.Waiting or SpeakerStatus.Speaking;

    public TimeSpan Spoken => StartedUtc is { } s && EndedUtc is { } e ? e - s : TimeSpan.Zero;

    internal void Withdraw()
    {
        if (Status != SpeakerStatus.Waiting)
        {
            throw DomainException.Because("Speakers.WithdrawNotWaiting");
        }
        Status = SpeakerStatus.Withdrawn;
    }

    internal void GiveFloor(DateTime nowUtc, int limitSeconds)
    {
        if (Status != SpeakerStatus.Waiting)
        {
            throw DomainException.Because("Speakers.GiveNotWaiting");
        }
        Status = SpeakerStatus.Speaking;
        StartedUtc = nowUtc;
        DeadlineUtc = nowUtc.AddSeconds(limitSeconds);
    }

    internal void End(DateTime nowUtc)
    {
        if (Status != SpeakerStatus.Speaking)
        {
            throw DomainException.Because("Speakers.EndNotSpeaking");
        }
        Status = SpeakerStatus.Done;
        EndedUtc = nowUtc;
    }
}
