using CongressHub.Domain.Tracking;

namespace CongressHub.Web.Tracking;

/// <summary>
/// Which moves an item's state allows now, so that a page offers only buttons that can succeed. The same state sets
/// as <see cref="TrackedItem"/>'s moves; the entity stays the judge and refuses anything else with its reason.
/// Who may act is asked of <see cref="TrackingService"/>'s permission checks, not here.
/// </summary>
public static class TrackedMoves
{
    public static bool CanAccept(TrackedDetail i) => i.State == TrackedState.Submitted;

    public static bool CanMerge(TrackedDetail i) => i.State is TrackedState.Submitted or TrackedState.Accepted;

    public static bool CanDecline(TrackedDetail i) => i.State is TrackedState.Submitted or TrackedState.Accepted;

    /// <summary>An accepted item, or one already assigned (reassigning); a hall question may be assigned at once.</summary>
    public static bool CanAssign(TrackedDetail i) =>
        i.State is TrackedState.Accepted or TrackedState.Assigned || i.Kind == TrackedKind.Question && i.State == TrackedState.Submitted;

    /// <summary>An assignee returns an item that is not theirs to triage.</summary>
    public static bool CanReturn(TrackedDetail i) => i.State == TrackedState.Assigned;

    /// <summary>
    /// Answers, intentions and decisions belong to opinions and questions. A task for communities and a resolution were
    /// already decided by the congress: whoever is responsible carries it out and records progress and done, so those
    /// moves are not offered.
    /// </summary>
    public static bool CanAnswer(TrackedDetail i) => !Decided(i) && i.State == TrackedState.Assigned;

    public static bool CanStateIntention(TrackedDetail i) => !Decided(i) && i.State is TrackedState.Assigned or TrackedState.Answered;

    public static bool CanDecide(TrackedDetail i) => !Decided(i) && i.State is TrackedState.IntentionStated or TrackedState.Answered or TrackedState.Assigned;

    /// <summary>A task is carried out as soon as it is assigned; an opinion or question once it is decided.</summary>
    public static bool CanRecordProgress(TrackedDetail i) => Decided(i)
        ? i.State is TrackedState.Assigned or TrackedState.InProgress
        : i.State is TrackedState.Decided or TrackedState.InProgress;

    public static bool CanMarkDone(TrackedDetail i) => Decided(i)
        ? i.State is TrackedState.Assigned or TrackedState.InProgress
        : i.State is TrackedState.Answered or TrackedState.Decided or TrackedState.InProgress;

    private static bool Decided(TrackedDetail i) => i.Kind is TrackedKind.Task or TrackedKind.Resolution or TrackedKind.CouncilDecision;
}
