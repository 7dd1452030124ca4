using CongressHub.Domain.Common;

namespace CongressHub.Domain.Notices;

/// <summary>
/// The outbox row of one notice by one channel: unique per (notice, channel), that is per (event, person, channel).
/// A sender on one node leases it (<see cref="LeaseToken"/>), sends it, alone or folded into a digest with the
/// person's other notices of the window, and records what the channel said; a failure waits and is tried again.
/// </summary>
public sealed class NoticeDelivery
{
    public const int MaxError = 300;

    private NoticeDelivery() { }

    public int Id { get; private set; }

    public int NoticeId { get; private set; }

    public int StreetId { get; private set; }

    public NoticeChannel Channel { get; private set; }

    /// <summary>The e-mail address, phone number or 企业微信 account written when planned; forgotten (null) with a resident's contact.</summary>
    public string? Address { get; private set; }

    /// <summary>Copied from the notice, so that the sender groups and caps without reading it.</summary>
    public string RecipientKey { get; private set; } = "";

    public bool Urgent { get; private set; }

    public DeliveryState State { get; private set; }

    /// <summary>Not to be sent before: the end of the digest window, of quiet hours, or of a retry's wait.</summary>
    public DateTime DueUtc { get; private set; }

    public int Attempts { get; private set; }

    public Guid? LeaseToken { get; private set; }

    public DateTime? LeaseUntilUtc { get; private set; }

    /// <summary>An attempt was started and its outcome not yet recorded: if its lease runs out so, the sender may have died after sending.</summary>
    public bool AttemptOpen { get; private set; }

    /// <summary>Attempts that may have sent the notice again because the one before was not recorded.</summary>
    public int Duplicates { get; private set; }

    public DateTime? SentUtc { get; private set; }

    public DateTime? DeliveredUtc { get; private set; }

    /// <summary>The message's id at the channel (the e-mail's Message-Id, the gateway's id); shared by a digest's rows.</summary>
    public string? ExternalId { get; private set; }

    /// <summary>Notices sent in the same message (1 alone, more in a digest).</summary>
    public int Folded { get; private set; }

    public string? Error { get; private set; }

    public static NoticeDelivery Plan(Notice notice, NoticeChannel channel, string address, DateTime dueUtc) => new()
    {
        NoticeId = notice.Id, StreetId = notice.StreetId, Channel = channel, Address = address, RecipientKey = notice.RecipientKey,
        Urgent = notice.Urgent, State = DeliveryState.Queued, DueUtc = dueUtc,
    };

    internal void Leased(Guid token, DateTime untilUtc)
    {
        if (AttemptOpen)
        {
            Duplicates++;
            AttemptOpen = false;
        }
        LeaseToken = token;
        LeaseUntilUtc = untilUtc;
    }

    internal void Attempt()
    {
        Attempts++;
        AttemptOpen = true;
    }

    internal void Postpone(DateTime dueUtc)
    {
        DueUtc = dueUtc;
        Release();
    }

    internal void Sent(DateTime nowUtc, string? externalId, int folded)
    {
        State = DeliveryState.Sent;
        SentUtc = nowUtc;
        ExternalId = externalId;
        Folded = folded;
        Error = null;
        Release();
    }

    internal void Failed(string error, DateTime? retryUtc)
    {
        Error = SystemText.Fit(error, MaxError);
        if (retryUtc is { } due)
        {
            DueUtc = due;
        }
        else
        {
            State = DeliveryState.Failed;
        }
        Release();
    }

    /// <summary>The channel reported the message delivered; a second report changes nothing.</summary>
    internal bool Delivered(DateTime nowUtc)
    {
        if (State is not (DeliveryState.Sent or DeliveryState.Queued))
        {
            return false;
        }
        State = DeliveryState.Delivered;
        DeliveredUtc = nowUtc;
        return true;
    }

    /// <summary>A letter was printed for hand delivery.</summary>
    internal void Printed(DateTime nowUtc) => Sent(nowUtc, null, 1);

    /// <summary>Queued again now, by the convener.</summary>
    internal void Resend(DateTime nowUtc)
    {
        State = DeliveryState.Queued;
        DueUtc = nowUtc;
        Attempts = 0;
        Error = null;
        Release();
    }

    internal void Forget() => Address = null;

    private void Release()
    {
        LeaseToken = null;
        LeaseUntilUtc = null;
        AttemptOpen = false;
    }
}

/// <summary>A channel a notice can go by besides the app itself.</summary>
[Flags]
public enum NoticeChannel
{
    None = 0,
    Email = 1,
    Sms = 2,
    WeCom = 4,

    /// <summary>A printed letter that community staff hand over.</summary>
    Letter = 8,
}

public enum DeliveryState
{
    Queued = 0,

    /// <summary>Handed over: accepted by the SMTP server, the SMS gateway or 企业微信; a letter printed.</summary>
    Sent = 1,

    /// <summary>The channel reported it delivered to the person's phone.</summary>
    Delivered = 2,
    Failed = 3,
}
