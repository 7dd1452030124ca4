using CongressHub.Domain.Common;
using CongressHub.Domain.Tracking;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Projects;

/// <summary>
/// The year's livelihood projects (民生实事项目): the convener builds a round of candidates (from residents' opinions,
/// delegates and departments), publishes it for residents' comments, and puts it to the congress's ballot. Drafts are
/// the convener's; once published, the street's people and the public read it.
/// </summary>
public sealed class ProjectService(IDbContextFactory<CongressDbContext> dbFactory, Changes changes, TimeProvider time)
{
    private DateOnly Today => DateOnly.FromDateTime(SessionTime.Local(time.GetUtcNow().UtcDateTime));

    public async Task<IReadOnlyList<ProjectRoundRow>> ListRoundsAsync(Actor actor, CancellationToken ct = default)
    {
        var streetId = actor.StreetId ?? throw new ForbiddenException();
        var convener = Access.CanManageStreet(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ProjectRounds.AsNoTracking().Where(r => r.StreetId == streetId && (convener || r.State != ProjectRoundState.Drafting))
            .OrderByDescending(r => r.Year)
            .Select(r => new ProjectRoundRow(r.Id, r.Year, r.Title, r.State, db.LivelihoodProjects.Count(p => p.RoundId == r.Id), r.MaxMarks))
            .ToListAsync(ct);
    }

    /// <summary>A round with its candidates; a draft only for the convener, another street's not found.</summary>
    public async Task<ProjectRoundView> GetRoundAsync(Actor actor, int roundId, CancellationToken ct = default)
    {
        var streetId = actor.StreetId ?? throw new NotFoundException();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var round = await db.ProjectRounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == roundId && r.StreetId == streetId, ct)
            ?? throw new NotFoundException();
        if (round.State == ProjectRoundState.Drafting && !Access.CanManageStreet(actor))
        {
            throw new NotFoundException();
        }
        var convener = Access.CanManageStreet(actor);
        var view = await ViewAsync(db, round, convener, ct);
        return actor.IsInRole(Roles.Officer) ? view with { MyDepartmentId = await TrackingService.MyDepartmentAsync(db, actor, ct) } : view;
    }

    /// <summary>The public's view of a street's round of a year, once published; null otherwise.</summary>
    public async Task<ProjectRoundView?> PublicRoundAsync(string slug, int year, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var round = await db.ProjectRounds.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Year == year && r.State != ProjectRoundState.Drafting && r.StreetId == db.Streets.Where(s => s.Slug == slug).Select(s => s.Id).FirstOrDefault(), ct);
        return round is null ? null : await ViewAsync(db, round, false, ct);
    }

    /// <summary>The years whose round a street has published, newest first, for its public home.</summary>
    public async Task<IReadOnlyList<int>> PublicYearsAsync(string slug, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ProjectRounds.Where(r => r.State != ProjectRoundState.Drafting && r.StreetId == db.Streets.Where(s => s.Slug == slug).Select(s => s.Id).FirstOrDefault())
            .OrderByDescending(r => r.Year).Select(r => r.Year).ToListAsync(ct);
    }

    public async Task<int> CreateRoundAsync(Actor actor, ProjectRoundInput input, CancellationToken ct = default)
    {
        var streetId = Access.RequireConvener(actor);
        await using var change = await changes.BeginAsync(actor, streetId, ct);
        input.Validate();
        if (await change.Db.ProjectRounds.AnyAsync(r => r.StreetId == streetId && r.Year == input.Year, ct))
        {
            throw new ValidationFailedException([new FieldError(nameof(input.Year), DomainText.Get("Projects.YearTaken", input.Year))]);
        }
        var round = ProjectRound.Create(streetId, input, change.Now);
        change.Db.ProjectRounds.Add(round);
        await change.SaveAsync(ct);
        change.Audit("Projects.RoundCreated", Subject(round.Id), $"{round.Year} {round.Title}");
        await change.CommitAsync(ct);
        return round.Id;
    }

    public async Task UpdateRoundAsync(Actor actor, int roundId, ProjectRoundInput input, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var round = await KeptAsync(change, actor, roundId, ct);
        input.Validate();
        if (input.Year != round.Year && await change.Db.ProjectRounds.AnyAsync(r => r.StreetId == round.StreetId && r.Year == input.Year, ct))
        {
            throw new ValidationFailedException([new FieldError(nameof(input.Year), DomainText.Get("Projects.YearTaken", input.Year))]);
        }
        round.Update(input);
        change.Audit("Projects.RoundChanged", Subject(round.Id), $"{round.Year} {round.Title}");
        await change.CommitAsync(ct);
    }

    /// <summary>Adds a candidate to a draft round, with the residents' opinions of the street it answers.</summary>
    public async Task<int> ProposeAsync(Actor actor, int roundId, ProjectInput input, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var round = await KeptAsync(change, actor, roundId, ct);
        round.RequireDrafting();
        input.Validate();
        await CheckReferencesAsync(change.Db, round.StreetId, input, ct);
        var position = await change.Db.LivelihoodProjects.Where(p => p.RoundId == roundId).MaxAsync(p => (int?)p.Position, ct) ?? 0;
        var project = LivelihoodProject.Propose(round.StreetId, roundId, position + 1, input);
        change.Db.LivelihoodProjects.Add(project);
        await change.SaveAsync(ct);
        change.Db.ProjectOpinions.AddRange((input.OpinionIds ?? []).Select(id => ProjectOpinion.Of(project.Id, id)));
        change.Audit("Projects.Proposed", Subject(roundId), $"{project.Title} ({project.EstimatedCost:N0})");
        await change.CommitAsync(ct);
        return project.Id;
    }

    public async Task UpdateProjectAsync(Actor actor, int projectId, ProjectInput input, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var (round, project) = await ProjectAsync(change, actor, projectId, ct);
        round.RequireDrafting();
        input.Validate();
        await CheckReferencesAsync(change.Db, round.StreetId, input, ct);
        project.Update(input);
        var wanted = (input.OpinionIds ?? []).ToHashSet();
        var links = await change.Db.ProjectOpinions.Where(o => o.ProjectId == projectId).ToListAsync(ct);
        change.Db.ProjectOpinions.RemoveRange(links.Where(l => !wanted.Contains(l.ItemId)));
        change.Db.ProjectOpinions.AddRange(wanted.Where(id => links.All(l => l.ItemId != id)).Select(id => ProjectOpinion.Of(projectId, id)));
        change.Audit("Projects.ProjectChanged", Subject(round.Id), project.Title);
        await change.CommitAsync(ct);
    }

    public async Task RemoveProjectAsync(Actor actor, int projectId, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var (round, project) = await ProjectAsync(change, actor, projectId, ct);
        round.RequireDrafting();
        change.Db.LivelihoodProjects.Remove(project);
        change.Audit("Projects.ProjectRemoved", Subject(round.Id), project.Title);
        await change.CommitAsync(ct);
    }

    /// <summary>Publishes the round's candidates for residents' comments until <paramref name="until"/> (7 to 90 days).</summary>
    public async Task PublishAsync(Actor actor, int roundId, DateOnly until, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var round = await KeptAsync(change, actor, roundId, ct);
        var costs = await change.Db.LivelihoodProjects.Where(p => p.RoundId == roundId).Select(p => p.EstimatedCost).ToListAsync(ct);
        round.Publish(costs, Today, until);
        change.Audit("Projects.Published", Subject(roundId), DomainText.Get("Projects.PublishedDetails", round.Year, costs.Count, until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        await change.CommitAsync(ct);
    }

    /// <summary>
    /// Puts a published round to the congress's secret ballot at a session of the congress: an election whose candidates
    /// are the projects, each delegate present marking up to the round's K; it opens, is cast on phones, recorded or on
    /// paper, and closes on the console like any election, and its close decides the projects (<see cref="ProjectBallots"/>).
    /// </summary>
    public async Task<int> PutToBallotAsync(Actor actor, int roundId, int sessionId, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var round = await KeptAsync(change, actor, roundId, ct);
        round.RequireReadyForBallot(Today);
        var db = change.Db;
        var session = Access.InStreet(await db.Sessions.FindAsync([sessionId], ct), round.StreetId, s => s.StreetId);
        if (!session.IsCongressSitting)
        {
            throw DomainException.Because("Projects.CongressOnly");
        }
        session.RequireAgendaEditable();
        var projects = await db.LivelihoodProjects.Where(p => p.RoundId == roundId).OrderBy(p => p.Position).ToListAsync(ct);
        var vote = Voting.Vote.PrepareElection(round.StreetId, sessionId, null,
            new Voting.ElectionInput(DomainText.Get("Projects.BallotTitle", round.Title, round.MaxMarks), round.MaxMarks, Voting.ElectionRule.MostVotes, Secret: true,
                projects.Select(p => new Voting.CandidateInput(p.Title, null)).ToList()), null, change.Now);
        db.Votes.Add(vote);
        await change.SaveAsync(ct);
        db.Candidates.AddRange(projects.Select((p, i) => Voting.Candidate.ForProject(vote.Id, i + 1, p.Title, p.Id)));
        round.PutToBallot(vote.Id, Today);
        change.Audit("Projects.PutToBallot", Subject(roundId), $"{round.Title} · {session.Title}");
        await change.CommitAsync(ct);
        return vote.Id;
    }

    /// <summary>
    /// Each project the closed ballot adopted becomes a draft resolution (its marks for, the other ballots against), its
    /// implementation assigned at once to the project's department and due by the end of the round's year; the convener
    /// publishes it as any resolution once the ballot's result is published.
    /// </summary>
    internal static async Task AdoptAsync(CongressDbContext db, Func<Task> save, Voting.Vote vote, ProjectBallot ballot, string who, DateOnly today, DateTime nowUtc)
    {
        var adopted = ballot.Projects.Where(p => p.Outcome == ProjectOutcome.Adopted).ToList();
        var ids = adopted.Select(p => p.Id).ToList();
        var drafted = await db.Resolutions.Where(r => r.ProjectId != null && ids.Contains(r.ProjectId.Value)).Select(r => r.ProjectId!.Value).ToListAsync();
        var departments = await db.Departments.Where(d => d.StreetId == vote.StreetId).ToDictionaryAsync(d => d.Id, d => d.Name);
        // The resolution counts the round's own ballot, also for a project a run-off adopted.
        var cast = ballot.IsRunoff ? ballot.MainVote.BallotsCast : vote.BallotsCast;
        var made = new List<Resolutions.Resolution>();
        foreach (var p in adopted.Where(p => !drafted.Contains(p.Id)))
        {
            var title = DomainText.Get("Projects.ResolutionTitle", ballot.Round.Year, p.Title);
            var text = DomainText.Get("Projects.ResolutionText", p.Description, p.EstimatedCost.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                departments.GetValueOrDefault(p.DepartmentId, ""), p.Marks ?? 0, cast, ballot.Round.Year);
            var r = Resolutions.Resolution.ForProject(vote, p.Id, ballot.Round.Rule, p.Marks ?? 0, cast, title, text, p.DepartmentId,
                new DateOnly(ballot.Round.Year, 12, 31), today, nowUtc);
            db.Resolutions.Add(r);
            made.Add(r);
        }
        await save();
        foreach (var r in made)
        {
            db.TrackedEvents.Add(TrackedEvent.Of(r.ImplementationId, who, TrackedState.Accepted, TrackedState.Assigned, null, nowUtc));
        }
    }

    // ---- carrying out the adopted projects

    /// <summary>Plans a step of an adopted project's implementation: the street's conveners and the responsible department's officers.</summary>
    public async Task<int> PlanMilestoneAsync(Actor actor, int projectId, MilestoneInput input, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var (project, _) = await ImplementerAsync(change, actor, projectId, ct);
        var planned = await change.Db.ProjectMilestones.Where(m => m.ProjectId == projectId).ToListAsync(ct);
        var milestone = ProjectMilestone.Plan(project, input, planned);
        change.Db.ProjectMilestones.Add(milestone);
        change.Audit("Projects.MilestonePlanned", Subject(project.RoundId), $"{project.Title}: {milestone.Title} {milestone.Percent}% {milestone.DueOn:yyyy-MM-dd}");
        await change.CommitAsync(ct);
        return milestone.Id;
    }

    /// <summary>Takes a step still ahead off the plan; a reached one stays on the record.</summary>
    public async Task RemoveMilestoneAsync(Actor actor, int milestoneId, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var milestone = await change.Db.ProjectMilestones.FindAsync([milestoneId], ct);
        if (milestone is null || !actor.BelongsTo(milestone.StreetId))
        {
            throw new NotFoundException();
        }
        var (project, _) = await ImplementerAsync(change, actor, milestone.ProjectId, ct);
        milestone.RequireAhead();
        change.Db.ProjectMilestones.Remove(milestone);
        change.Audit("Projects.MilestoneRemoved", Subject(project.RoundId), $"{project.Title}: {milestone.Title}");
        await change.CommitAsync(ct);
    }

    /// <summary>
    /// Marks a step reached today: its percent becomes the implementation's progress (never lowered), the last step
    /// (100 %) marks the implementation done; the move is on the implementation's history. Only once its resolution is published.
    /// </summary>
    public async Task ReachMilestoneAsync(Actor actor, int milestoneId, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        change.Conflict = "Tracking.Conflict";
        var db = change.Db;
        var milestone = await db.ProjectMilestones.FindAsync([milestoneId], ct);
        if (milestone is null || !actor.BelongsTo(milestone.StreetId))
        {
            throw new NotFoundException();
        }
        var (project, resolution) = await ImplementerAsync(change, actor, milestone.ProjectId, ct);
        if (!resolution.IsPublished)
        {
            throw DomainException.Because("Projects.ResolutionNotPublished", project.Title);
        }
        milestone.Reach(Today);
        var item = resolution.Implementation;
        var from = item.State;
        if (milestone.Percent == 100 && item.State is TrackedState.Assigned or TrackedState.InProgress)
        {
            item.MarkDone(change.Now);
        }
        else if (milestone.Percent > item.Progress && item.State is TrackedState.Assigned or TrackedState.InProgress)
        {
            item.RecordProgress(Math.Min(milestone.Percent, 99), change.Now);
        }
        db.TrackedEvents.Add(TrackedEvent.By(item.Id, actor, from, item.State, TrackedNote.System("Projects.MilestoneNote", milestone.Title, milestone.Percent), change.Now));
        change.Audit("Projects.MilestoneReached", Subject(project.RoundId), $"{project.Title}: {milestone.Title} {milestone.Percent}%");
        await change.CommitAsync(ct);
    }

    // ---- residents' comments while the candidates are published

    /// <summary>
    /// A resident's anonymous comment on a published round (or one of its candidates) while its comment period is open;
    /// held for the convener's moderation.
    /// </summary>
    public async Task<int> CommentAsync(string slug, int year, int? projectId, string? text, CancellationToken ct = default)
    {
        Resolutions.ResolutionComment.Validate(text);
        await using var change = await changes.BeginAsResidentAsync(slug, ct);
        var db = change.Db;
        var round = await db.ProjectRounds.SingleOrDefaultAsync(r => r.StreetId == change.StreetId && r.Year == year && r.State != ProjectRoundState.Drafting, ct)
            ?? throw new NotFoundException();
        round.RequireOpenComments(Today);
        if (projectId is { } pid && !await db.LivelihoodProjects.AnyAsync(p => p.Id == pid && p.RoundId == round.Id, ct))
        {
            throw new ValidationFailedException([new FieldError("ProjectId", DomainText.Get("Projects.NoSuchCandidate"))]);
        }
        var comment = ProjectComment.Submit(round.Id, projectId, text, change.Now);
        db.ProjectComments.Add(comment);
        await change.CommitAsync(ct);
        return comment.Id;
    }

    /// <summary>Approves (shown publicly) or rejects (kept, never shown) a comment, with an optional public reply.</summary>
    public async Task ModerateCommentAsync(Actor actor, int commentId, bool approve, string? reply, CancellationToken ct = default)
    {
        await using var change = await changes.BeginAsync(actor, ct);
        var comment = await change.Db.ProjectComments.FindAsync([commentId], ct) ?? throw new NotFoundException();
        var round = await KeptAsync(change, actor, comment.RoundId, ct);
        comment.Moderate(approve, reply, change.Now);
        change.Audit(approve ? "Comment.Approved" : "Comment.Rejected", $"{Subject(round.Id)}#{comment.Id}");
        await change.CommitAsync(ct);
    }

    /// <summary>
    /// The projects ballot a vote is (the round's ballot or a run-off after it), with its round, projects and the
    /// earlier ballots of the chain; null for any other vote.
    /// </summary>
    internal static async Task<ProjectBallot?> BallotOfAsync(CongressDbContext db, int voteId)
    {
        var chain = new List<Voting.Vote>();
        var id = (int?)voteId;
        ProjectRound? round = null;
        while (id is { } current && round is null && chain.Count < 20)
        {
            var vote = await db.Votes.AsNoTracking().SingleAsync(v => v.Id == current);
            chain.Insert(0, vote);
            round = await db.ProjectRounds.SingleOrDefaultAsync(r => r.VoteId == current);
            id = vote.RunoffOfId;
        }
        if (round is null)
        {
            return null;
        }
        var ids = chain.Select(v => v.Id).ToList();
        var earlier = await db.Candidates.AsNoTracking().Where(c => ids.Contains(c.VoteId)).ToListAsync();
        return new ProjectBallot(round, await db.LivelihoodProjects.Where(p => p.RoundId == round.Id).ToListAsync(), chain, earlier);
    }

    internal static string Subject(int roundId) => $"Project round {roundId}";

    /// <summary>
    /// A round as a reader sees it: the candidates with their opinions and outcome; each adopted project's resolution
    /// and implementation (its steps, progress against the plan, photos and the delegates' ratings), a draft resolution
    /// only for the convener; the residents' comments, all of them for the convener, the approved ones for everyone else.
    /// </summary>
    private async Task<ProjectRoundView> ViewAsync(CongressDbContext db, ProjectRound round, bool convener, CancellationToken ct)
    {
        var projects = await db.LivelihoodProjects.AsNoTracking().Where(p => p.RoundId == round.Id).OrderBy(p => p.Position)
            .Select(p => new
            {
                p.Id, p.Position, p.Title, p.Description, p.EstimatedCost, p.DepartmentId, p.Source, p.Marks, p.Outcome,
                Department = db.Departments.Where(d => d.Id == p.DepartmentId).Select(d => d.Name).Single(),
            }).ToListAsync(ct);
        var ids = projects.Select(p => p.Id).ToList();
        var opinions = await (from o in db.ProjectOpinions
                              join i in db.TrackedItems on o.ItemId equals i.Id
                              where ids.Contains(o.ProjectId)
                              orderby i.Id
                              select new { o.ProjectId, i.Id, i.Title, i.Publishable }).ToListAsync(ct);
        var slug = await db.Streets.Where(s => s.Id == round.StreetId).Select(s => s.Slug).SingleAsync(ct);
        var works = await WorksAsync(db, round.StreetId, ids, convener, ct);
        var comments = await db.ProjectComments.AsNoTracking().Where(c => c.RoundId == round.Id && (convener || c.Status == Resolutions.CommentStatus.Approved))
            .OrderByDescending(c => c.CreatedUtc).ThenByDescending(c => c.Id)
            .Select(c => new ProjectCommentRow(c.Id, c.ProjectId, c.CreatedUtc, c.Text, c.Status, c.Reply)).ToListAsync(ct);
        return new ProjectRoundView(round.Id, slug, round.Year, round.Title, round.State, round.MaxMarks, round.Rule, round.BudgetCap, round.CommentsFrom, round.CommentsUntil,
            projects.Select(p => new ProjectRow(p.Id, p.Position, p.Title, p.Description, p.EstimatedCost, p.DepartmentId, p.Department, p.Source,
                opinions.Where(o => o.ProjectId == p.Id).Select(o => new ProjectOpinionLink(o.Id, o.Title, o.Publishable)).ToList(), p.Marks, p.Outcome,
                works.GetValueOrDefault(p.Id))).ToList(), comments, round.VoteId);
    }

    private async Task<Dictionary<int, ProjectWork>> WorksAsync(CongressDbContext db, int streetId, List<int> projectIds, bool convener, CancellationToken ct)
    {
        var resolutions = await db.Resolutions.AsNoTracking()
            .Where(r => r.StreetId == streetId && r.ProjectId != null && projectIds.Contains(r.ProjectId.Value) && (convener || r.Status == Resolutions.ResolutionStatus.Published))
            .Select(r => new { ProjectId = r.ProjectId!.Value, r.Id, r.Number, r.Status, r.ImplementationId, r.Implementation.State, r.Implementation.Progress, r.Implementation.DueOn })
            .ToListAsync(ct);
        if (resolutions.Count == 0)
        {
            return [];
        }
        var items = resolutions.Select(r => r.ImplementationId).ToList();
        var milestones = await db.ProjectMilestones.AsNoTracking().Where(m => projectIds.Contains(m.ProjectId)).OrderBy(m => m.DueOn).ThenBy(m => m.Percent)
            .Select(m => new { m.ProjectId, Row = new MilestoneRow(m.Id, m.Title, m.DueOn, m.Percent, m.ReachedOn) }).ToListAsync(ct);
        var photos = await db.Attachments.AsNoTracking()
            .Where(a => a.StreetId == streetId && a.RecordKind == Attachments.AttachmentRecord.TrackedItem && items.Contains(a.RecordId) && a.HasThumbnail)
            .OrderBy(a => a.Id).Select(a => new { a.RecordId, Row = new ProjectPhoto(a.Id, a.FileName) }).ToListAsync(ct);
        var ratings = await db.FollowUpRatings.AsNoTracking().Where(r => items.Contains(r.ItemId)).ToListAsync(ct);
        var today = Today;
        return resolutions.ToDictionary(r => r.ProjectId, r =>
        {
            var steps = milestones.Where(m => m.ProjectId == r.ProjectId).Select(m => m.Row).ToList();
            return new ProjectWork(r.Id, r.Number, r.Status == Resolutions.ResolutionStatus.Published, r.ImplementationId, r.State, r.Progress,
                ProjectMilestone.PlannedBy(steps.Select(m => (m.DueOn, m.Percent)), today), r.DueOn, steps,
                photos.Where(p => p.RecordId == r.ImplementationId).Select(p => p.Row).ToList(),
                FollowUpService.Summary(ratings.Where(x => x.ItemId == r.ImplementationId)));
        });
    }

    private static async Task CheckReferencesAsync(CongressDbContext db, int streetId, ProjectInput input, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (!await db.Departments.AnyAsync(d => d.Id == input.DepartmentId && d.StreetId == streetId, ct))
        {
            errors.Add(new FieldError(nameof(input.DepartmentId), DomainText.Get("Projects.DepartmentRequired")));
        }
        var opinions = input.OpinionIds ?? [];
        var found = await db.TrackedItems.Where(i => opinions.Contains(i.Id) && i.StreetId == streetId && i.Kind == Tracking.TrackedKind.Opinion).Select(i => i.Id).ToListAsync(ct);
        if (opinions.Except(found).FirstOrDefault() is var missing and > 0)
        {
            errors.Add(new FieldError(nameof(input.OpinionIds), DomainText.Get("Projects.NoSuchOpinion", missing)));
        }
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }

    /// <summary>An adopted project with its resolution, for the street's conveners and the officers of its department.</summary>
    private static async Task<(LivelihoodProject, Resolutions.Resolution)> ImplementerAsync(Change change, Actor actor, int projectId, CancellationToken ct)
    {
        var db = change.Db;
        var project = await db.LivelihoodProjects.FindAsync([projectId], ct);
        if (project is null || !actor.BelongsTo(project.StreetId))
        {
            throw new NotFoundException();
        }
        var resolution = await db.Resolutions.Include(r => r.Implementation).SingleOrDefaultAsync(r => r.ProjectId == projectId, ct)
            ?? throw DomainException.Because("Projects.NotAdopted", project.Title);
        var mine = Access.CanManageStreet(actor)
            || actor.IsInRole(Roles.Officer) && await Tracking.TrackingService.MyDepartmentAsync(db, actor, ct) == project.DepartmentId;
        return mine ? (project, resolution) : throw new ForbiddenException();
    }

    private static async Task<ProjectRound> KeptAsync(Change change, Actor actor, int roundId, CancellationToken ct)
    {
        var round = await change.Db.ProjectRounds.FindAsync([roundId], ct);
        return round is not null && Access.CanManageStreet(actor) && actor.BelongsTo(round.StreetId) ? round : throw Access.Refusal(actor, round?.StreetId);
    }

    private static async Task<(ProjectRound, LivelihoodProject)> ProjectAsync(Change change, Actor actor, int projectId, CancellationToken ct)
    {
        var project = await change.Db.LivelihoodProjects.FindAsync([projectId], ct);
        if (project is null || !actor.BelongsTo(project.StreetId))
        {
            throw new NotFoundException();
        }
        return (await KeptAsync(change, actor, project.RoundId, ct), project);
    }
}

/// <summary>
/// A round being decided by its ballot's close, or by a run-off's among the projects it left tied: the candidates'
/// marks become the projects' outcomes.
/// </summary>
/// <param name="chain">The round's ballot, then each run-off up to the vote being decided.</param>
/// <param name="candidates">The stored candidates of every vote of the chain.</param>
internal sealed class ProjectBallot(ProjectRound round, IReadOnlyList<LivelihoodProject> projects, IReadOnlyList<Voting.Vote> chain, IReadOnlyList<Voting.Candidate> candidates)
{
    public ProjectRound Round => round;

    public IReadOnlyList<LivelihoodProject> Projects => projects;

    /// <summary>The round's own ballot, as stored before the vote being decided closed.</summary>
    public Voting.Vote MainVote => chain[0];

    public bool IsRunoff => chain.Count > 1;

    /// <summary>
    /// What the marks of the vote being decided settle for each project: the round's ballot by its rule and budget; a
    /// run-off re-ranks the projects the ballots before it left tied, then those waiting for it, in the budget left.
    /// The earlier ballots are decided again from their stored marks, so a recount decides the same way.
    /// </summary>
    public IReadOnlyDictionary<int, ProjectOutcome> Outcomes(IReadOnlyList<Voting.Candidate> standing, IReadOnlyDictionary<int, int> marks, int cast, int present, int all)
    {
        var cost = projects.ToDictionary(p => p.Id, p => p.EstimatedCost);
        var last = chain.Count - 1;
        var main = MarksOf(0, standing, marks);
        var (mainCast, mainPresent, mainAll) = last == 0 ? (cast, present, all) : (chain[0].BallotsCast, chain[0].Present, chain[0].All);
        var state = ProjectBallots.Decide(main.Select(m => new ProjectCount(m.Key, m.Value, cost[m.Key])).ToList(), round.Rule, mainCast, mainPresent, mainAll, round.BudgetCap)
            .ToDictionary();
        for (var i = 1; i <= last; i++)
        {
            var tied = MarksOf(i, standing, marks).Select(m => new ProjectCount(m.Key, m.Value, cost[m.Key])).ToList();
            var waiting = state.Where(x => x.Value == ProjectOutcome.AwaitingRunoff).Select(x => new ProjectCount(x.Key, main[x.Key], cost[x.Key])).ToList();
            var left = (round.BudgetCap ?? long.MaxValue) - state.Where(x => x.Value == ProjectOutcome.Adopted).Sum(x => cost[x.Key]);
            foreach (var (id, o) in ProjectBallots.DecideRunoff(tied, waiting, left))
            {
                state[id] = o;
            }
        }
        return state;
    }

    /// <summary>Each project's marks in the chain's <paramref name="index"/>-th vote: counted for the vote being decided, as stored for an earlier one.</summary>
    private Dictionary<int, int> MarksOf(int index, IReadOnlyList<Voting.Candidate> standing, IReadOnlyDictionary<int, int> marks)
    {
        var deciding = index == chain.Count - 1;
        return (deciding ? standing : Of(chain[index].Id)).Where(c => c.ProjectId is not null)
            .ToDictionary(c => c.ProjectId!.Value, c => deciding ? marks.GetValueOrDefault(c.Id) : c.Marks);
    }

    private List<Voting.Candidate> Of(int voteId) => candidates.Where(c => c.VoteId == voteId).ToList();

    /// <summary>Each candidate elected when its project is adopted, tied when flagged for a run-off.</summary>
    public static IReadOnlyDictionary<int, Voting.CandidateOutcome> CandidateOutcomes(IReadOnlyList<Voting.Candidate> candidates, IReadOnlyDictionary<int, ProjectOutcome> decided) =>
        candidates.ToDictionary(c => c.Id, c => c.ProjectId is { } id && decided.TryGetValue(id, out var o)
            ? o switch { ProjectOutcome.Adopted => Voting.CandidateOutcome.Elected, ProjectOutcome.Tied => Voting.CandidateOutcome.Tied, _ => Voting.CandidateOutcome.NotElected }
            : Voting.CandidateOutcome.NotElected);

    /// <summary>
    /// How the vote's close decides: the projects' marks go through the round's rule and budget (a run-off's through
    /// the ranking it redoes); each project is settled, keeping the marks of the round's ballot, and the round decided.
    /// </summary>
    public Func<IReadOnlyDictionary<int, int>, IReadOnlyDictionary<int, Voting.CandidateOutcome>> Decide(IReadOnlyList<Voting.Candidate> standing, int cast, int present, int all) =>
        marks =>
        {
            var decided = Outcomes(standing, marks, cast, present, all);
            var main = MarksOf(0, standing, marks);
            foreach (var p in projects.Where(p => decided.ContainsKey(p.Id)))
            {
                p.Settle(main.GetValueOrDefault(p.Id), decided[p.Id]);
            }
            round.Decide();
            return CandidateOutcomes(standing, decided);
        };
}

public sealed record ProjectRoundRow(int Id, int Year, string Title, ProjectRoundState State, int Candidates, int MaxMarks);

public sealed record ProjectOpinionLink(int ItemId, string Title, bool Public);

public sealed record ProjectRow(int Id, int Position, string Title, string Description, long EstimatedCost, int DepartmentId, string Department, ProjectSource Source,
    IReadOnlyList<ProjectOpinionLink> Opinions, int? Marks, ProjectOutcome? Outcome, ProjectWork? Work = null);

/// <summary>A step of an adopted project's plan: by when, how far, and the day it was reached.</summary>
public sealed record MilestoneRow(int Id, string Title, DateOnly DueOn, int Percent, DateOnly? ReachedOn);

public sealed record ProjectPhoto(int AttachmentId, string FileName);

/// <summary>
/// An adopted project's resolution and implementation: its number once published, where the work stands and how far
/// it has come against the percent its plan says by today, its steps, photos and the delegates' ratings of it.
/// </summary>
public sealed record ProjectWork(int ResolutionId, string? Number, bool Published, int ImplementationId, TrackedState State, int Progress, int Planned, DateOnly? DueOn,
    IReadOnlyList<MilestoneRow> Milestones, IReadOnlyList<ProjectPhoto> Photos, RatingSummary Ratings)
{
    public bool Behind => Progress < Planned && State is not (TrackedState.Done or TrackedState.Reported or TrackedState.Rated);
}

public sealed record ProjectCommentRow(int Id, int? ProjectId, DateTime CreatedUtc, string Text, Resolutions.CommentStatus Status, string? Reply);

public sealed record ProjectRoundView(int Id, string StreetSlug, int Year, string Title, ProjectRoundState State, int MaxMarks, Voting.MajorityRule Rule, long? BudgetCap,
    DateOnly? CommentsFrom, DateOnly? CommentsUntil, IReadOnlyList<ProjectRow> Projects, IReadOnlyList<ProjectCommentRow> Comments, int? VoteId, int? MyDepartmentId = null)
{
    public bool CommentsOpen(DateOnly today) => State == ProjectRoundState.Published && today >= CommentsFrom && today <= CommentsUntil;
}
