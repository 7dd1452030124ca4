namespace CongressHub.Domain.Common;

/// <summary>
/// Something that happened, published by a service after its change is committed, never before. Events carry ids
/// only; whoever listens reads the current state.
/// </summary>
public abstract record CongressEvent(int StreetId);

/// <summary>Anything about a session changed: its agenda, attendance, speakers or status.</summary>
public sealed record SessionChanged(int StreetId, int SessionId) : CongressEvent(StreetId);

/// <summary>A motion was drafted, submitted, co-signed, admitted, returned, withdrawn or decided.</summary>
public sealed record MotionChanged(int StreetId, int MotionId) : CongressEvent(StreetId);

/// <summary>
/// A vote of the session changed: opened, ballots cast (coalesced by the notifier), closed or published.
/// <paramref name="Final"/> marks a close or publish, whose result goes out at once.
/// </summary>
public sealed record VoteChanged(int StreetId, int SessionId, int VoteId, bool Final) : CongressEvent(StreetId);

/// <summary>A tracked item (opinion, question, task) moved, or a month was compiled; <paramref name="ItemId"/> null for several.</summary>
public sealed record TrackingChanged(int StreetId, int? ItemId) : CongressEvent(StreetId);

/// <summary>A work-report review round changed: a report submitted, released, rating opened or closed, a rating given, published.</summary>
public sealed record ReviewChanged(int StreetId, int RoundId) : CongressEvent(StreetId);

/// <summary>The street's self-governance committee changed: members elected, chair named.</summary>
public sealed record CommitteeChanged(int StreetId) : CongressEvent(StreetId);

/// <summary>The district recorded an inspection, evaluation or commendation of the street.</summary>
public sealed record InspectionsChanged(int StreetId) : CongressEvent(StreetId);

/// <summary>A delegate wrote or rewrote a yearly summary of their record of service.</summary>
public sealed record RecordsChanged(int StreetId) : CongressEvent(StreetId);

/// <summary>A round of livelihood projects or one of its candidates changed; <paramref name="RoundId"/> null when not known.</summary>
public sealed record ProjectsChanged(int StreetId, int? RoundId) : CongressEvent(StreetId);

/// <summary>A community council's members, rules or meetings changed.</summary>
public sealed record CouncilChanged(int StreetId, int CommunityId) : CongressEvent(StreetId);

/// <summary>A resolution was drafted, published, given a notice period, commented on or moderated.</summary>
public sealed record ResolutionChanged(int StreetId, int ResolutionId) : CongressEvent(StreetId);

/// <summary>A community residents' council's decision was drafted, edited, published, carried out or sent up, commented on or moderated.</summary>
public sealed record CouncilDecisionChanged(int StreetId, int DecisionId) : CongressEvent(StreetId);

/// <summary>Notices of the street were written, sent or read: the convener's delivery view refreshes.</summary>
public sealed record NoticesChanged(int StreetId) : CongressEvent(StreetId);

/// <summary>An account's security stamp was rotated (card revoked or reissued, delegate retired): its devices are signed out.</summary>
public sealed record AccountSignedOut(int StreetId, string UserId) : CongressEvent(StreetId);

public interface ICongressEvents
{
    void Publish(CongressEvent e);
}

/// <summary>For hosts without live screens (the benchmark's import run, tools): events go nowhere.</summary>
public sealed class NoCongressEvents : ICongressEvents
{
    public void Publish(CongressEvent e)
    {
    }
}
