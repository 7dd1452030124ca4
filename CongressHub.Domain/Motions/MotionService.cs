using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
using CongressHub.Domain.Sessions;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Motions;

public sealed record MotionRow(int Id, string Title, MotionStatus Status, int SponsorId, string Sponsor, int Cosigners, int Needed, bool CosignedByMe, DateTime CreatedUtc, int? SessionId);

public sealed record MotionDetail(
    int Id,
    int StreetId,
    string Title,
    string TextMarkdown,
    string TextHtml,
    MotionStatus Status,
    int SponsorId,
    string Sponsor,
    IReadOnlyList<string> Cosigners,
    int Needed,
    bool CosignedByMe,
    string? ReturnReason,
    int? SessionId,
    string? SessionTitle,
    int? AgendaItemId,
    DateTime CreatedUtc,
    DateTime? SubmittedUtc,
    DateTime? DecidedUtc)
{
    public bool HasEnoughCosigners => Cosigners.Count >= Needed;
}

/// <summary>Motions from draft to the agenda: delegates draft, sponsor and co-sign; the convener admits or returns.</summary>
public sealed class MotionService(IDbContextFactory<CongressDbContext> dbFactory, TimeProvider time, Changes changes)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    // ---- permission checks, one per action: pages use them to show a button, the service again before acting

    public static bool CanDraft(Actor? actor) => actor is { DelegateId: not null, StreetId: not null };

    public static bool CanCosign(Actor? actor, MotionDetail m) =>
        actor?.DelegateId is { } me && me != m.SponsorId && m.Status == MotionStatus.Submitted && actor.BelongsTo(m.StreetId);

    public static bool IsSponsor(Actor? actor, MotionDetail m) => actor?.DelegateId == m.SponsorId;

    public static bool CanDecideAdmission(Actor? actor, MotionDetail m) => Access.CanManageStreet(actor) && actor!.BelongsTo(m.StreetId) && m.Status == MotionStatus.Submitted;

    // ---- reading

    /// <summary>The street's motions: everything but other delegates' drafts.</summary>
    public async Task<IReadOnlyList<MotionRow>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        var streetId = actor.StreetId ?? throw new ForbiddenException();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var me = actor.DelegateId ?? -1;
        var rows = await db.Motions.AsNoTracking()
            .Where(m => m.StreetId == streetId && (m.Status != MotionStatus.Draft || m.SponsorId == me))
            .OrderByDescending(m => m.Id)
            .Select(m => new
            {
                m.Id, m.Title, m.Status, m.SponsorId, m.CreatedUtc, m.SessionId,
                Sponsor = db.Delegates.Where(d => d.Id == m.SponsorId).Select(d => d.Name).First(),
                Cosigners = db.Cosignatures.Count(c => c.MotionId == m.Id),
                Needed = db.Terms.Where(t => t.Id == m.TermId).Select(t => t.CosignersNeeded).First(),
                Mine = db.Cosignatures.Any(c => c.MotionId == m.Id && c.DelegateId == me),
            })
            .ToListAsync(ct);
        return rows.Select(r => new MotionRow(r.Id, r.Title, r.Status, r.SponsorId, r.Sponsor, r.Cosigners, r.Needed, r.Mine, r.CreatedUtc, r.SessionId)).ToList();
    }

    public async Task<MotionDetail> GetAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var m = await VisibleAsync(db, actor, id, ct);
        return await DescribeAsync(db, actor, m, ct);
    }

    // ---- the sponsor

    public async Task<int> DraftAsync(Actor actor, MotionInput input, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var d = await CurrentDelegateAsync(change.Db, actor, ct);
        var motion = Motion.Draft(d.StreetId, d.TermId, d.Id, input, Now);
        change.Db.Motions.Add(motion);
        await change.SaveAsync(ct);
        change.Audit("Motion.Drafted", Subject(motion), motion.Title);
        await change.CommitAsync(ct);
        return motion.Id;
    }

    public Task EditAsync(Actor actor, int id, MotionInput input, CancellationToken ct = default) =>
        AsSponsorAsync(actor, id, "Motion.Edited", async (db, m) =>
        {
            var revising = m.Status == MotionStatus.Returned;
            m.Edit(input);
            if (revising)
            {
                // A revised text needs its co-signers again: they signed the text that was returned.
                db.Cosignatures.RemoveRange(await db.Cosignatures.Where(c => c.MotionId == m.Id).ToListAsync(ct));
            }
        }, ct);

    public Task SubmitAsync(Actor actor, int id, CancellationToken ct = default) =>
        AsSponsorAsync(actor, id, "Motion.Submitted", (db, m) =>
        {
            m.Submit(Now);
            return Task.CompletedTask;
        }, ct);

    public Task WithdrawAsync(Actor actor, int id, CancellationToken ct = default) =>
        AsSponsorAsync(actor, id, "Motion.Withdrawn", async (db, m) =>
        {
            m.Withdraw();
            db.Cosignatures.RemoveRange(await db.Cosignatures.Where(c => c.MotionId == m.Id).ToListAsync(ct));
        }, ct);

    // ---- other delegates

    public async Task CosignAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var db = change.Db;
        var m = await VisibleAsync(db, actor, id, ct);
        var d = await CurrentDelegateAsync(db, actor, ct);
        if (d.Id == m.SponsorId)
        {
            throw DomainException.Because("Motion.CosignOwn");
        }
        if (d.TermId != m.TermId)
        {
            throw new ForbiddenException();
        }
        m.RequireCosignable();
        if (await db.Cosignatures.AnyAsync(c => c.MotionId == id && c.DelegateId == d.Id, ct))
        {
            return;
        }
        db.Cosignatures.Add(Cosignature.Of(id, d.Id, Now));
        try
        {
            await change.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two taps at once: the key (motion, delegate) kept one co-signature, which is what was asked.
        }
    }

    public async Task WithdrawCosignatureAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var db = change.Db;
        var m = await VisibleAsync(db, actor, id, ct);
        var d = await CurrentDelegateAsync(db, actor, ct);
        m.RequireCosignable();
        db.Cosignatures.RemoveRange(await db.Cosignatures.Where(c => c.MotionId == id && c.DelegateId == d.Id).ToListAsync(ct));
        await change.CommitAsync(ct);
    }

    // ---- the convener

    /// <summary>Puts a submitted motion with enough co-signers on a session's agenda, as a motion-vote item at its end.</summary>
    public async Task<int> AdmitAsync(Actor actor, int id, int sessionId, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        change.Conflict = "Motion.Conflict";
        var db = change.Db;
        var m = Access.InStreet(await db.Motions.FindAsync([id], ct), streetId, x => x.StreetId);
        var session = Access.InStreet(await db.Sessions.FindAsync([sessionId], ct), streetId, x => x.StreetId);
        if (session.TermId != m.TermId)
        {
            throw DomainException.Because("Motion.OtherTerm", m.Title, session.Title);
        }
        session.RequireAgendaEditable();
        var cosigners = await db.Cosignatures.CountAsync(c => c.MotionId == id, ct);
        var needed = await db.Terms.Where(t => t.Id == m.TermId).Select(t => t.CosignersNeeded).SingleAsync(ct);
        m.RequireAdmissible(cosigners, needed);
        var sponsor = await db.Delegates.Where(d => d.Id == m.SponsorId).Select(d => d.Name).SingleAsync(ct);
        var position = await db.AgendaItems.Where(i => i.SessionId == sessionId).Select(i => (int?)i.Position).MaxAsync(ct) ?? 0;
        var item = AgendaItem.ForMotion(sessionId, position + 1, m.Id, m.Title, sponsor);
        db.AgendaItems.Add(item);
        session.Touch();
        await change.SaveAsync(ct);
        m.Admit(cosigners, needed, sessionId, item.Id);
        change.Audit("Motion.Admitted", Subject(m), $"{m.Title} → {session.Title}");
        await change.CommitAsync(ct);
        return item.Id;
    }

    public async Task ReturnAsync(Actor actor, int id, string? reason, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        change.Conflict = "Motion.Conflict";
        var m = Access.InStreet(await change.Db.Motions.FindAsync([id], ct), streetId, x => x.StreetId);
        m.Return(reason);
        change.Audit("Motion.Returned", Subject(m), m.ReturnReason!);
        await change.CommitAsync(ct);
    }

    /// <summary>Admitted motions of a session that have no vote yet, for the convener's "open a vote" choice.</summary>
    public async Task<IReadOnlyList<(int Id, string Title)>> ListVotableAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Whoever runs the session asks: its convener, or for a council meeting (which has no motions) its community's staff.
        var session = await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null || !Access.CanRun(actor, session.StreetId, session.CommunityId))
        {
            throw Access.Refusal(actor, session?.StreetId);
        }
        var streetId = session.StreetId;
        var rows = await db.Motions.Where(m => m.StreetId == streetId && m.SessionId == sessionId && m.Status == MotionStatus.Admitted
                && !db.Votes.Any(v => v.MotionId == m.Id && v.State != Voting.VoteState.Prepared && v.State != Voting.VoteState.Voided))
            .OrderBy(m => m.Id).Select(m => new { m.Id, m.Title }).ToListAsync(ct);
        return rows.Select(r => (r.Id, r.Title)).ToList();
    }

    // ---- helpers

    internal static string Subject(Motion m) => $"Motion {m.Id}";

    private async Task AsSponsorAsync(Actor actor, int id, string action, Func<CongressDbContext, Motion, Task> make, CancellationToken ct)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        change.Conflict = "Motion.Conflict";
        var m = await VisibleAsync(change.Db, actor, id, ct);
        if (actor.DelegateId != m.SponsorId)
        {
            throw new ForbiddenException();
        }
        await make(change.Db, m);
        change.Audit(action, Subject(m), m.Title);
        await change.CommitAsync(ct);
    }

    private static async Task<Motion> VisibleAsync(CongressDbContext db, Actor actor, int id, CancellationToken ct)
    {
        var m = await db.Motions.FindAsync([id], ct);
        if (m is null || !actor.BelongsTo(m.StreetId) || m.Status == MotionStatus.Draft && actor.DelegateId != m.SponsorId)
        {
            throw new NotFoundException();
        }
        return m;
    }

    private static async Task<Directory.CongressDelegate> CurrentDelegateAsync(CongressDbContext db, Actor actor, CancellationToken ct)
    {
        if (actor.DelegateId is { } id && await db.Delegates.FindAsync([id], ct) is { RetiredUtc: null } d && actor.BelongsTo(d.StreetId))
        {
            return d;
        }
        throw new ForbiddenException();
    }

    private static async Task<MotionDetail> DescribeAsync(CongressDbContext db, Actor actor, Motion m, CancellationToken ct)
    {
        var sponsor = await db.Delegates.Where(d => d.Id == m.SponsorId).Select(d => d.Name).SingleAsync(ct);
        var cosigners = await (from c in db.Cosignatures where c.MotionId == m.Id join d in db.Delegates on c.DelegateId equals d.Id orderby c.AtUtc, d.Id select new { d.Id, d.Name }).ToListAsync(ct);
        var needed = await db.Terms.Where(t => t.Id == m.TermId).Select(t => t.CosignersNeeded).SingleAsync(ct);
        var sessionTitle = m.SessionId is { } sid ? await db.Sessions.Where(s => s.Id == sid).Select(s => s.Title).SingleOrDefaultAsync(ct) : null;
        return new MotionDetail(m.Id, m.StreetId, m.Title, m.Text, Markdown.ToSafeHtml(m.Text), m.Status, m.SponsorId, sponsor,
            cosigners.Select(c => c.Name).ToList(), needed, cosigners.Any(c => c.Id == actor.DelegateId), m.ReturnReason,
            m.SessionId, sessionTitle, m.AgendaItemId, m.CreatedUtc, m.SubmittedUtc, m.DecidedUtc);
    }
}
