using System.Globalization;
using System.Text;
using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
using CongressHub.Domain.Tracking;
using CongressHub.Domain.Voting;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Sessions;

/// <summary>
/// A session's minutes (会议纪要): the convener drafts them from what happened and edits them, every saved text kept
/// as a version; they go to the street's leaders, one of whom signs them off (签发), which publishes them.
/// </summary>
public sealed class MinutesService(IDbContextFactory<CongressDbContext> dbFactory, Changes changes, TimeProvider time)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>The minutes as the convener or a leader of the session's street sees them, with their versions.</summary>
    public async Task<MinutesView> GetAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var s = await ReadableAsync(db, actor, sessionId, ct);
        var versions = await db.MinutesVersions.AsNoTracking().Where(v => v.SessionId == sessionId).OrderByDescending(v => v.Number)
            .Select(v => new MinutesVersionRow(v.Number, v.SavedBy, v.SavedUtc, v.Markdown.Length)).ToListAsync(ct);
        var leader = await LeaderAsync(db, actor, s, ct);
        return new MinutesView(s.Id, s.Title, s.Status, s.MinutesMarkdown, s.MinutesSubmittedUtc, s.MinutesReturnNote,
            s.MinutesSignedOffBy, s.MinutesPublishedUtc, versions, CanEdit: Access.CanRun(actor, s.StreetId, s.CommunityId), CanSignOff: leader is not null);
    }

    /// <summary>One kept text of the minutes.</summary>
    public async Task<string> VersionAsync(Actor actor, int sessionId, int number, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await ReadableAsync(db, actor, sessionId, ct);
        return await db.MinutesVersions.AsNoTracking().Where(v => v.SessionId == sessionId && v.Number == number).Select(v => v.Markdown).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException();
    }

    public async Task SaveAsync(Actor actor, int sessionId, string? markdown, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var s = await ManagedAsync(change.Db, actor, sessionId, ct);
        await KeepAsync(change, s, markdown ?? "", ct);
        await CommitAsync(change, s, ct);
    }

    /// <summary>Saves the text and sends it to the street's leaders, each told by a notice.</summary>
    public async Task SubmitAsync(Actor actor, int sessionId, string? markdown, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var s = await ManagedAsync(change.Db, actor, sessionId, ct);
        if (markdown is not null)
        {
            await KeepAsync(change, s, markdown, ct);
        }
        s.SubmitMinutes(Now);
        // A council's minutes go to its secretary, the committee's to its chair; the congress's to the street's leaders.
        var leaders = s.IsCongressSitting
            ? await change.Db.Officers.Where(o => o.StreetId == s.StreetId && o.IsLeader && o.RetiredUtc == null && o.UserId != null).Select(o => o.UserId!).ToListAsync(ct)
            : await (from t in change.Db.Terms
                     join d in change.Db.Delegates on t.SecretaryMemberId equals d.Id
                     where t.Id == s.TermId && d.UserId != null && d.RetiredUtc == null
                     select d.UserId!).ToListAsync(ct);
        foreach (var userId in leaders)
        {
            await Notices.NoticeWriter.ToUserAsync(change.Db, s.StreetId, userId, Notices.NoticeKind.MinutesToSign, Notices.NoticeWriter.Key("minutes-to-sign", s.Id, Now), $"/sessions/{s.Id}/minutes", Now, ct,
                "Notice.MinutesToSign", s.Title);
        }
        change.Audit("Session.MinutesSubmitted", SessionService.Subject(s), s.Title);
        await CommitAsync(change, s, ct);
    }

    /// <summary>The convener takes the minutes back from the leaders to edit them again.</summary>
    public async Task RecallAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var s = await ManagedAsync(change.Db, actor, sessionId, ct);
        s.ReturnMinutes("");
        change.Audit("Session.MinutesRecalled", SessionService.Subject(s), s.Title);
        await CommitAsync(change, s, ct);
    }

    /// <summary>A leader sends the minutes back to the convener with what to change.</summary>
    public async Task ReturnAsync(Actor actor, int sessionId, string? note, CancellationToken ct = default)
    {
        var text = (note ?? "").Trim();
        if (text.Length == 0)
        {
            throw new ValidationFailedException([new FieldError("Note", DomainText.Get("Validation.Required", DomainText.Get("Field.ReturnNote")))]);
        }
        await using var change = await changes.BeginAsync(actor, ct);
        var (s, leader) = await LeadersAsync(change.Db, actor, sessionId, ct);
        s.ReturnMinutes(text);
        change.Audit("Session.MinutesReturned", SessionService.Subject(s), DomainText.Get("Audit.MinutesReturned", s.Title, leader.Signature, text));
        await CommitAsync(change, s, ct);
    }

    /// <summary>
    /// A leader signs off the minutes they read (<paramref name="version"/>, the newest kept text): they are published
    /// with the leader's post and name. A text changed since the leader opened it is refused.
    /// </summary>
    public async Task SignOffAsync(Actor actor, int sessionId, int version, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var (s, leader) = await LeadersAsync(change.Db, actor, sessionId, ct);
        var newest = await change.Db.MinutesVersions.Where(v => v.SessionId == sessionId).MaxAsync(v => (int?)v.Number, ct) ?? 0;
        if (newest != version)
        {
            throw DomainException.Because("Session.MinutesChangedSince");
        }
        s.SignOffMinutes(leader.Signature, Now);
        change.Audit("Session.MinutesPublished", SessionService.Subject(s), DomainText.Get("Audit.MinutesSignedOff", s.Title, version, leader.Signature));
        await CommitAsync(change, s, ct);
    }

    /// <summary>The draft the convener starts from: everything the session's records hold, in the convener's language.</summary>
    public async Task<string> DraftAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var s = await ManagedAsync(db, actor, sessionId, ct);
        return await new MinutesDraft(db, s, Now).WriteAsync(ct);
    }

    private async Task KeepAsync(Change change, Session s, string markdown, CancellationToken ct)
    {
        if (!s.SaveMinutes(markdown))
        {
            return;
        }
        var number = (await change.Db.MinutesVersions.Where(v => v.SessionId == s.Id).MaxAsync(v => (int?)v.Number, ct) ?? 0) + 1;
        change.Db.MinutesVersions.Add(MinutesVersion.Of(s.Id, number, markdown, change.Actor?.DisplayName ?? change.Actor?.UserName ?? "", Now));
    }

    private static async Task CommitAsync(Change change, Session s, CancellationToken ct)
    {
        change.Conflict = "Session.MinutesConflict";
        change.Announce(new SessionChanged(s.StreetId, s.Id));
        await change.CommitAsync(ct);
    }

    private static async Task<Session> ManagedAsync(CongressDbContext db, Actor actor, int sessionId, CancellationToken ct)
    {
        var session = await db.Sessions.FindAsync([sessionId], ct);
        return session is not null && Access.CanRun(actor, session.StreetId, session.CommunityId) ? session
            : throw Access.Refusal(actor, session?.StreetId);
    }

    /// <summary>The convener, or a leader of the session's street (who signs the minutes off); everyone else: not found.</summary>
    private static async Task<Session> ReadableAsync(CongressDbContext db, Actor actor, int sessionId, CancellationToken ct)
    {
        var s = await db.Sessions.FindAsync([sessionId], ct);
        if (s is null || !actor.BelongsTo(s.StreetId) || !Access.CanRun(actor, s.StreetId, s.CommunityId) && await LeaderAsync(db, actor, s, ct) is null)
        {
            throw new NotFoundException();
        }
        return s;
    }

    private static async Task<(Session Session, Leader Leader)> LeadersAsync(CongressDbContext db, Actor actor, int sessionId, CancellationToken ct)
    {
        var s = await db.Sessions.FindAsync([sessionId], ct);
        if (s is null || !actor.BelongsTo(s.StreetId))
        {
            throw new NotFoundException();
        }
        var leader = await LeaderAsync(db, actor, s, ct);
        if (leader is null)
        {
            throw Access.CanRun(actor, s.StreetId, s.CommunityId)
                ? ForbiddenException.Because(s.IsCongressSitting ? "Session.MinutesOnlyLeaders" : s.IsCommitteeMeeting ? "Committee.MinutesOnlyChair" : "Council.MinutesOnlySecretary")
                : new NotFoundException();
        }
        return (s, leader);
    }

    /// <summary>
    /// Who may sign the session's minutes off as the acting user: a leader of the street for the congress, the council's
    /// secretary (the member named so, with this account) for a council's meeting, the committee's chair for its own.
    /// </summary>
    private static async Task<Leader?> LeaderAsync(CongressDbContext db, Actor actor, Session s, CancellationToken ct)
    {
        if (!s.IsCongressSitting)
        {
            var secretary = await (from t in db.Terms
                                   join d in db.Delegates on t.SecretaryMemberId equals d.Id
                                   where t.Id == s.TermId && d.UserId == actor.UserId && d.RetiredUtc == null
                                   select d.Name).SingleOrDefaultAsync(ct);
            return secretary is null ? null : new Leader(DomainText.Get(s.IsCommitteeMeeting ? "Committee.Chair" : "Council.Secretary"), secretary);
        }
        return actor.OfficerId is not { } officerId
            ? null
            : await db.Officers.AsNoTracking().Where(o => o.Id == officerId && o.StreetId == s.StreetId && o.IsLeader && o.RetiredUtc == null)
                .Select(o => new Leader(o.Position, o.Name)).SingleOrDefaultAsync(ct);
    }

    private sealed record Leader(string Position, string Name)
    {
        public string Signature => string.IsNullOrWhiteSpace(Position) ? Name : $"{Position} {Name}";
    }
}

/// <summary>The minutes draft of one session, written from its records.</summary>
internal sealed class MinutesDraft(CongressDbContext db, Session s, DateTime nowUtc)
{
    private readonly StringBuilder _md = new();
    private Councils.QuorumRule _rule;

    private static string Sep => DomainText.Get("List.Separator");

    public async Task<string> WriteAsync(CancellationToken ct)
    {
        _rule = await db.Terms.Where(t => t.Id == s.TermId).Select(t => t.QuorumRule).SingleAsync(ct);
        var people = await (
            from d in db.Delegates.AsNoTracking()
            where d.TermId == s.TermId && d.RetiredUtc == null
            select new { d.Id, d.Name, Community = db.Communities.Where(c => c.Id == d.CommunityId).Select(c => new { c.Name, c.SortOrder }).FirstOrDefault() })
            .ToListAsync(ct);
        var attendance = await db.Attendances.AsNoTracking().Where(a => a.SessionId == s.Id).ToDictionaryAsync(a => a.DelegateId, ct);
        var all = people.OrderBy(p => p.Community is null).ThenBy(p => p.Community?.SortOrder).ThenBy(p => p.Community?.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Id)
            .Select(p => new Person(p.Id, p.Name, p.Community?.Name, attendance.GetValueOrDefault(p.Id))).ToList();
        var names = all.ToDictionary(p => p.Id);

        Header(all);
        Attendance(all);
        await AgendaAsync(names, ct);
        await QuestionsAsync(ct);
        await FollowUpAsync(ct);
        await ProceedingsAsync(ct);
        await AnchorAsync(ct);
        return _md.ToString();
    }

    private void Line(string text = "") => _md.AppendLine(text);

    private void Header(List<Person> all)
    {
        var present = all.Count(p => p.Status is AttendanceStatus.Present or AttendanceStatus.Left);
        var excused = all.Count(p => p.Status == AttendanceStatus.Excused);
        var quorum = new Quorum(all.Count, present, _rule);
        Line($"# {s.Title}");
        Line();
        Line(DomainText.Get("Minutes.When", SessionTime.FormatFormalDateTime(s.ScheduledUtc),
            s.StartedUtc is { } st ? SessionTime.FormatTime(st) : "—", s.AdjournedUtc is { } at ? SessionTime.FormatTime(at) : "—"));
        Line(DomainText.Get("Minutes.Where", s.Place));
        Line(DomainText.Get("Minutes.Counts", all.Count, present, excused, all.Count - present - excused));
        Line(DomainText.Get(quorum.Reached ? "Minutes.QuorumReached" : "Minutes.QuorumMissed", quorum.Required));
        Line();
    }

    private void Attendance(List<Person> all)
    {
        Line("## " + DomainText.Get("Minutes.AttendanceHeading"));
        Line();
        var present = all.Where(p => p.Status is AttendanceStatus.Present or AttendanceStatus.Left).ToList();
        Line(DomainText.Get("Minutes.PresentList", present.Count));
        Line();
        foreach (var group in present.GroupBy(p => p.Community ?? DomainText.Get("Minutes.NoCommunity")))
        {
            Line(DomainText.Get("Minutes.CommunityLine", group.Key, group.Count(), string.Join(Sep, group.Select(p => p.Name))));
        }
        Line();
        Names("Minutes.ExcusedList", all.Where(p => p.Status == AttendanceStatus.Excused).ToList());
        Names("Minutes.AbsentList", all.Where(p => p.Status is null or AttendanceStatus.Absent).ToList());
        var left = all.Where(p => p.Status == AttendanceStatus.Left).OrderBy(p => p.Attendance!.ChangedUtc).ToList();
        if (left.Count > 0)
        {
            Line(DomainText.Get("Minutes.LeftList", left.Count, string.Join(Sep, left.Select(p => p.Community is null
                ? DomainText.Get("Minutes.LeftAt", p.Name, SessionTime.FormatTime(p.Attendance!.ChangedUtc))
                : DomainText.Get("Minutes.LeftAtIn", p.Name, p.Community, SessionTime.FormatTime(p.Attendance!.ChangedUtc))))));
            Line();
        }
    }

    private void Names(string key, List<Person> people)
    {
        Line(DomainText.Get(key, people.Count, people.Count == 0 ? DomainText.Get("Minutes.Nobody") : string.Join(Sep, people.Select(p => p.Label))));
        Line();
    }

    private async Task AgendaAsync(Dictionary<int, Person> people, CancellationToken ct)
    {
        var items = await db.AgendaItems.AsNoTracking().Where(i => i.SessionId == s.Id).OrderBy(i => i.Position).ToListAsync(ct);
        var speeches = await db.SpeakerRequests.AsNoTracking()
            .Where(r => r.SessionId == s.Id && r.StartedUtc != null).OrderBy(r => r.StartedUtc).ToListAsync(ct);
        var votes = await db.Votes.AsNoTracking().Where(v => v.SessionId == s.Id && v.OpenedUtc != null).OrderBy(v => v.OpenedUtc).ThenBy(v => v.Id).ToListAsync(ct);
        Line("## " + DomainText.Get("Minutes.AgendaHeading"));
        Line();
        var n = 0;
        foreach (var item in items)
        {
            n++;
            var when = item.StartedUtc is { } from
                ? DomainText.Get("Minutes.ItemTimes", SessionTime.FormatTime(from), item.FinishedUtc is { } to ? SessionTime.FormatTime(to) : "—")
                : DomainText.Get(item.Status == AgendaItemStatus.Skipped ? "Minutes.ItemSkipped" : "Minutes.ItemNotTaken");
            Line($"### {n}. {item.Title}{when}");
            Line();
            if (!string.IsNullOrWhiteSpace(item.Presenter))
            {
                Line(DomainText.Get("Minutes.Presenter", item.Presenter));
                Line();
            }
            Speeches(speeches.Where(r => r.AgendaItemId == item.Id).ToList(), people);
            foreach (var vote in votes.Where(v => v.AgendaItemId == item.Id))
            {
                await VoteAsync(vote, people, ct);
            }
        }
        var loose = votes.Where(v => v.AgendaItemId is null || items.All(i => i.Id != v.AgendaItemId)).ToList();
        if (loose.Count > 0)
        {
            Line("### " + DomainText.Get("Minutes.OtherVotes"));
            Line();
            foreach (var vote in loose)
            {
                await VoteAsync(vote, people, ct);
            }
        }
    }

    private void Speeches(List<SpeakerRequest> speeches, Dictionary<int, Person> people)
    {
        if (speeches.Count == 0)
        {
            return;
        }
        var total = TimeSpan.Zero;
        Line(DomainText.Get("Minutes.Speeches", speeches.Count));
        Line();
        foreach (var r in speeches)
        {
            var length = r.EndedUtc is { } end ? end - r.StartedUtc!.Value : (TimeSpan?)null;
            total += length ?? TimeSpan.Zero;
            var who = people.TryGetValue(r.DelegateId, out var p) ? p.Label : "—";
            Line(DomainText.Get("Minutes.Speech", who, SessionTime.FormatTime(r.StartedUtc!.Value), length is { } l ? Duration(l) : DomainText.Get("Minutes.NotEnded")));
        }
        Line();
    }

    private static string Duration(TimeSpan t) => DomainText.Get("Minutes.Duration", (int)t.TotalMinutes, t.Seconds);

    private async Task VoteAsync(Vote vote, Dictionary<int, Person> people, CancellationToken ct)
    {
        var voters = await db.Voters.AsNoTracking().Where(v => v.VoteId == vote.Id).ToListAsync(ct);
        var channels = voters.Where(v => v.HasVoted).GroupBy(v => v.Channel ?? VoteChannel.Phone).OrderBy(g => g.Key)
            .Select(g => DomainText.Get("Minutes.ChannelCount", DomainText.Get("Channel." + g.Key), g.Count())).ToList();
        var secrecy = DomainText.Get(vote.Secret ? "Minutes.Secret" : "Minutes.Named");
        var closed = vote.State is VoteState.Closed or VoteState.Published;
        if (vote.Kind == VoteKind.Election)
        {
            Line(DomainText.Get("Minutes.Election", vote.Question, vote.Seats, secrecy, vote.ElectionRule?.Label() ?? "—"));
        }
        else
        {
            Line(DomainText.Get("Minutes.Vote", vote.Question, secrecy, vote.Rule?.Label() ?? "—"));
        }
        Line();
        Line(DomainText.Get("Minutes.VoteChannels", channels.Count == 0 ? DomainText.Get("Minutes.Nobody") : string.Join(Sep, channels),
            voters.Count(v => v.HasVoted), vote.Present, vote.All));
        Line();
        if (!closed)
        {
            Line(DomainText.Get("Minutes.VoteNotClosed", vote.State.Label()));
            Line();
            return;
        }
        if (vote.Kind == VoteKind.Election)
        {
            var candidates = await db.Candidates.AsNoTracking().Where(c => c.VoteId == vote.Id).OrderByDescending(c => c.Marks).ThenBy(c => c.Position).ToListAsync(ct);
            Line(DomainText.Get("Minutes.BallotsCast", vote.BallotsCast));
            Line();
            foreach (var c in candidates)
            {
                Line(DomainText.Get("Minutes.Candidate", c.Name, c.Marks, DomainText.Get("CandidateOutcome." + c.Outcome)));
            }
            Line();
            var elected = candidates.Where(c => c.Outcome == CandidateOutcome.Elected).Select(c => c.Name).ToList();
            Line(DomainText.Get("Minutes.Elected", elected.Count == 0 ? DomainText.Get("Minutes.Nobody") : string.Join(Sep, elected)));
            Line();
        }
        else
        {
            Line(DomainText.Get("Minutes.Result", vote.Yes, vote.No, vote.Abstain, DomainText.Get(vote.Adopted == true ? "Minutes.Adopted" : "Minutes.NotAdopted")));
            Line();
        }
        if (vote.Secret)
        {
            return;
        }
        // A named vote (记名表决): who voted how, from the ballots that carry their delegate.
        var ballots = await db.Ballots.AsNoTracking().Where(b => b.VoteId == vote.Id && b.DelegateId != null)
            .Select(b => new { DelegateId = b.DelegateId!.Value, b.Choice, b.Marks }).ToListAsync(ct);
        string Label(int id) => people.TryGetValue(id, out var p) ? p.Label : "—";
        if (vote.Kind == VoteKind.Question)
        {
            foreach (var choice in new[] { VoteChoice.Yes, VoteChoice.No, VoteChoice.Abstain })
            {
                var who = ballots.Where(b => b.Choice == choice).Select(b => Label(b.DelegateId)).Order(StringComparer.Ordinal).ToList();
                Line(DomainText.Get("Minutes.NamedChoice", choice.Label(), who.Count, who.Count == 0 ? DomainText.Get("Minutes.Nobody") : string.Join(Sep, who)));
            }
        }
        else
        {
            var names = await db.Candidates.AsNoTracking().Where(c => c.VoteId == vote.Id).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
            foreach (var b in ballots.OrderBy(b => Label(b.DelegateId), StringComparer.Ordinal))
            {
                var marked = Ballot.MarkedIn(b.Marks).Select(id => names.GetValueOrDefault(id, "?")).ToList();
                Line(DomainText.Get("Minutes.NamedMarks", Label(b.DelegateId), marked.Count == 0 ? DomainText.Get("Minutes.Blank") : string.Join(Sep, marked)));
            }
        }
        var counted = ballots.Select(b => b.DelegateId).ToHashSet();
        var byHands = voters.Where(v => v.HasVoted && !counted.Contains(v.DelegateId)).Select(v => Label(v.DelegateId)).Order(StringComparer.Ordinal).ToList();
        if (byHands.Count > 0)
        {
            Line(DomainText.Get("Minutes.NamedHands", byHands.Count, string.Join(Sep, byHands)));
        }
        var notVoted = voters.Where(v => !v.HasVoted).Select(v => Label(v.DelegateId)).Order(StringComparer.Ordinal).ToList();
        Line(DomainText.Get("Minutes.NamedNotVoted", notVoted.Count, notVoted.Count == 0 ? DomainText.Get("Minutes.Nobody") : string.Join(Sep, notVoted)));
        Line();
    }

    private async Task QuestionsAsync(CancellationToken ct)
    {
        var questions = await HallQuestionService.HallQuestionsAsync(db, s.Id, null, ct);
        if (questions.Count == 0)
        {
            return;
        }
        Line("## " + DomainText.Get("Minutes.QuestionsHeading"));
        Line();
        foreach (var q in questions.OrderBy(q => q.CreatedUtc))
        {
            var answer = q switch
            {
                { OnTheSpot: true, Answer: { } a } => DomainText.Get("Minutes.AnsweredOnTheSpot", q.AnsweredBy ?? q.Department ?? "—", a),
                { OnTheSpot: true, Intention: { } i } => DomainText.Get("Minutes.IntentionOnTheSpot", q.AnsweredBy ?? "—", i),
                _ => DomainText.Get("Minutes.QuestionFollowedUp", q.Department ?? DomainText.Get("Minutes.Triage"), q.State.Label()),
            };
            Line(DomainText.Get("Minutes.Question", q.Delegate, OneLine(q.Text), answer));
        }
        Line();
    }

    private async Task FollowUpAsync(CancellationToken ct)
    {
        var rows = await FollowUpService.FollowUpRowsAsync(db, s, null, DateOnly.FromDateTime(SessionTime.Local(nowUtc)), ct, withRated: true);
        if (rows.Count == 0)
        {
            return;
        }
        Line("## " + DomainText.Get("Minutes.FollowUpHeading"));
        Line();
        Line(DomainText.Get("Minutes.FollowUpColumns"));
        Line("| --- | --- | --- | ---: | ---: | ---: | ---: |");
        foreach (var r in rows)
        {
            var rate = r.Ratings.SatisfactionRate is { } p ? p.ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";
            Line($"| {Cell(r.Title)} | {Cell(r.Responsible ?? "—")} | {r.State.Label()} | {r.Ratings.Satisfied} | {r.Ratings.BasicallySatisfied} | {r.Ratings.NotSatisfied} | {rate} |");
        }
        Line();
        var total = FollowUpService.Summary(await db.FollowUpRatings.AsNoTracking().Where(f => f.SessionId == s.Id).ToListAsync(ct));
        if (total.SatisfactionRate is { } overall)
        {
            Line(DomainText.Get("Minutes.FollowUpOverall", total.Raters, overall.ToString("0.#", CultureInfo.InvariantCulture) + "%"));
            Line();
        }
    }

    /// <summary>The session's timestamped log, as it happened.</summary>
    private async Task ProceedingsAsync(CancellationToken ct)
    {
        var log = await db.MinutesEntries.AsNoTracking().Where(m => m.SessionId == s.Id).OrderBy(m => m.AtUtc).ThenBy(m => m.Id).ToListAsync(ct);
        if (log.Count == 0)
        {
            return;
        }
        Line("## " + DomainText.Get("Minutes.ProceedingsHeading"));
        Line();
        foreach (var entry in log)
        {
            Line($"- {SessionTime.FormatTime(entry.AtUtc)} {OneLine(entry.Display)}");
        }
        Line();
    }

    /// <summary>The street's audit chain head as the draft is written: printed with the minutes, it anchors the chain outside the database.</summary>
    private async Task AnchorAsync(CancellationToken ct)
    {
        var head = await db.AuditEntries.AsNoTracking().Where(e => e.StreetId == s.StreetId && e.AtUtc <= nowUtc).OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
        if (head is null)
        {
            return;
        }
        Line("## " + DomainText.Get("Minutes.AnchorHeading"));
        Line();
        Line(DomainText.Get("Minutes.Anchor", SessionTime.FormatFormalDateTime(nowUtc), head.Sequence, head.Hash));
        Line();
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Cell(string text) => OneLine(text).Replace("|", "\\|", StringComparison.Ordinal);

    private sealed record Person(int Id, string Name, string? Community, Attendance? Attendance)
    {
        public AttendanceStatus? Status => Attendance?.Status;

        public string Label => Community is null ? Name : DomainText.Get("Minutes.NameWithCommunity", Name, Community);
    }
}
