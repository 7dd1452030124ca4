using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Voting;
using Microsoft.Extensions.Localization;

namespace CongressHub.Web.Sessions;

/// <summary>What a screen reader says, in two voices.</summary>
/// <param name="Polite">Said when the reader is free: a new item, a place in the queue, the quorum.</param>
/// <param name="Assertive">Said at once: the floor is yours, a vote opens, its result.</param>
public sealed record HallNews(string? Polite, string? Assertive)
{
    public static readonly HallNews None = new(null, null);

    /// <summary>
    /// What changed between two states of a session that someone following the hall by ear must hear: the current
    /// item, the floor and a place in the queue (for <paramref name="me"/>, a delegate; null on the projector), a vote
    /// opening, being counted, closing with its verdict, published. Nothing on the first state: the page says it.
    /// </summary>
    public static HallNews Between(SessionSnapshot? before, SessionSnapshot now, int? me, IStringLocalizer L)
    {
        if (before is null)
        {
            return None;
        }
        var polite = new List<string>();
        var assertive = new List<string>();

        if (before.Status != now.Status && now.Status is SessionStatus.Live or SessionStatus.Adjourned)
        {
            polite.Add(L["Announce.Session", now.Status.Label()]);
        }
        if (now.CurrentItemId != before.CurrentItemId && now.CurrentItem is { } item)
        {
            polite.Add(L["Announce.Item", item.Position, item.Title]);
        }
        if (now.Quorum.Reached && !before.Quorum.Reached)
        {
            polite.Add(L["Quorum.Reached", now.Quorum.Required]);
        }

        var speaker = now.CurrentSpeaker;
        if (speaker is not null && speaker.RequestId != before.CurrentSpeaker?.RequestId)
        {
            if (me is not null && speaker.DelegateId == me)
            {
                assertive.Add(L["Live.YouSpeak"]);
            }
            else
            {
                polite.Add(L["Announce.Speaker", speaker.Name]);
            }
        }
        if (me is not null && now.PlaceOf(me) is { } place && place != before.PlaceOf(me))
        {
            polite.Add(L["Live.YourPlace", place]);
        }

        foreach (var vote in now.Votes)
        {
            var was = before.Votes.FirstOrDefault(v => v.Id == vote.Id)?.State ?? VoteState.Prepared;
            if (was == vote.State)
            {
                continue;
            }
            switch (vote.State)
            {
                case VoteState.Open:
                    assertive.Add(L[vote.IsElection ? "Announce.ElectionOpen" : "Announce.VoteOpen", vote.Question]);
                    break;
                case VoteState.Counting:
                    polite.Add(L["Announce.Counting", vote.Question]);
                    break;
                case VoteState.Closed:
                    assertive.Add(L["Announce.VoteClosed", vote.Question, Verdict(vote, L)]);
                    break;
                case VoteState.Published:
                    assertive.Add(L["Announce.VotePublished", vote.Question, Verdict(vote, L)]);
                    break;
                case VoteState.Voided:
                    assertive.Add(L["Announce.VoteVoided", vote.Question]);
                    break;
            }
        }
        return new(Join(polite), Join(assertive));
    }

    /// <summary>The verdict in words, with the figures a screen shows beside it.</summary>
    public static string Verdict(VoteView vote, IStringLocalizer L)
    {
        if (vote.IsElection)
        {
            if (vote.NeedsRunoff)
            {
                return L["Vote.NeedsRunoff"];
            }
            var elected = vote.Candidates.Where(c => c.Outcome == CandidateOutcome.Elected).Select(c => c.Name).ToList();
            return elected.Count == 0 ? L["Vote.ElectionDone"] : L["Announce.Elected", string.Join(L["Announce.NameSeparator"], elected)];
        }
        string verdict = vote.Adopted == true ? L["Vote.AdoptedVerdict"] : L["Vote.RejectedVerdict"];
        return vote.ShowsChoices ? L["Announce.Tally", verdict, vote.Yes ?? 0, vote.No ?? 0, vote.Abstain ?? 0] : verdict;
    }

    /// <summary>
    /// What the announcer holds after <paramref name="next"/>: each voice keeps its last words until it has new ones (a
    /// change right after would otherwise blank it before it is read); words said again are marked apart by an
    /// invisible character, so that the region changes and is read again.
    /// </summary>
    public HallNews Then(HallNews next) => new(Keep(Polite, next.Polite), Keep(Assertive, next.Assertive));

    private static string? Keep(string? was, string? next) =>
        next is null ? was : next == was?.TrimEnd('\u200B') ? next + (was!.EndsWith('\u200B') ? "" : "\u200B") : next;

    private static string? Join(List<string> parts) => parts.Count == 0 ? null : string.Join(" ", parts);
}
