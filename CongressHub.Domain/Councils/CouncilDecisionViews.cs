using CongressHub.Domain.Resolutions;

namespace CongressHub.Domain.Councils;

/// <summary>A decision in the staff's list of their community.</summary>
public sealed record CouncilDecisionRow(int Id, string Title, DateOnly DecidedOn, CouncilDecisionState State, DateTime? NoticeStartsUtc, DateTime? NoticeEndsUtc,
    int PendingComments, int? TrackedItemId);

/// <summary>A decision as its community's staff and the street's conveners see it, with every comment.</summary>
public sealed record CouncilDecisionDetail(int Id, int StreetId, int CommunityId, string CommunityName, string Title, string Text, DateOnly DecidedOn, int NoticeDays,
    int? SessionId, int? VoteId, int? TopicId, CouncilDecisionState State, DateTime? NoticeStartsUtc, DateTime? NoticeEndsUtc, int? TrackedItemId,
    DateTime? ClosedUtc, IReadOnlyList<StaffComment> Comments, int Version, string PublicPath);

/// <summary>A published decision on the community's public page.</summary>
public sealed record PublicCouncilDecisionRow(int Id, string Title, DateOnly DecidedOn, CouncilDecisionState State, DateTime NoticeStartsUtc, DateTime NoticeEndsUtc);

public sealed record PublicCouncilDecisionList(string StreetSlug, string StreetName, int CommunityId, string CommunityName, IReadOnlyList<PublicCouncilDecisionRow> Items);

/// <summary>One decision as residents read it: the approved comments only, and the comment count without the rejected ones' words.</summary>
public sealed record PublicCouncilDecision(string StreetSlug, string StreetName, int CommunityId, string CommunityName, int Id, string Title, string Text,
    DateOnly DecidedOn, CouncilDecisionState State, DateTime NoticeStartsUtc, DateTime NoticeEndsUtc, DateTime? ClosedUtc, int Received,
    IReadOnlyList<PublicComment> Comments);

public static class CouncilDecisionLabels
{
    public static string Label(this CouncilDecisionState state) => Common.DomainText.Get("CouncilDecisionState." + state);

    /// <summary>The decision's public page, under its street and community.</summary>
    public static string PublicPath(string slug, int communityId, int id) => $"/s/{slug}/c/{communityId}/decisions/{id}";
}

/// <summary>A closed vote of a council meeting that no decision was written from yet.</summary>
public sealed record CouncilVoteToWrite(int VoteId, string Question, int SessionId, string Meeting, DateTime ClosedUtc, bool Adopted);
