using CongressHub.Domain.Common;
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
        return await ViewAsync(db, round, ct);
    }

    /// <summary>The public's view of a street's round of a year, once published; null otherwise.</summary>
    public async Task<ProjectRoundView?> PublicRoundAsync(string slug, int year, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var round = await db.ProjectRounds.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Year == year && r.State != ProjectRoundState.Drafting && db.Streets.Any(s => s.Id == r.StreetId && s.Slug == slug), ct);
        return round is null ? null : await ViewAsync(db, round, ct);
    }

    /// <summary>The years whose round a street has published, newest first, for its public home.</summary>
    public async Task<IReadOnlyList<int>> PublicYearsAsync(string slug, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ProjectRounds.Where(r => r.State != ProjectRoundState.Drafting && db.Streets.Any(s => s.Id == r.StreetId && s.Slug == slug))
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

    /// <summary>The projects ballot a vote is, with its round and projects tracked for settling; null for any other vote.</summary>
    internal static async Task<ProjectBallot?> BallotOfAsync(CongressDbContext db, int voteId)
    {
        var round = await db.ProjectRounds.SingleOrDefaultAsync(r => r.VoteId == voteId);
        return round is null ? null : new ProjectBallot(round, await db.LivelihoodProjects.Where(p => p.RoundId == round.Id).ToListAsync());
    }

    internal static string Subject(int roundId) => $"Project round {roundId}";

    private static async Task<ProjectRoundView> ViewAsync(CongressDbContext db, ProjectRound round, CancellationToken ct)
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
        return new ProjectRoundView(round.Id, slug, round.Year, round.Title, round.State, round.MaxMarks, round.Rule, round.BudgetCap, round.CommentsFrom, round.CommentsUntil,
            projects.Select(p => new ProjectRow(p.Id, p.Position, p.Title, p.Description, p.EstimatedCost, p.DepartmentId, p.Department, p.Source,
                opinions.Where(o => o.ProjectId == p.Id).Select(o => new ProjectOpinionLink(o.Id, o.Title, o.Publishable)).ToList(), p.Marks, p.Outcome)).ToList());
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

/// <summary>A round being decided by its ballot's close: the candidates' marks become the projects' outcomes.</summary>
internal sealed class ProjectBallot(ProjectRound round, IReadOnlyList<LivelihoodProject> projects)
{
    /// <summary>
    /// How the ballot's close decides: the projects' marks go through the round's rule and budget; each project is
    /// settled, the round decided, and each candidate elected when its project is adopted, tied when flagged for a run-off.
    /// </summary>
    public Func<IReadOnlyDictionary<int, int>, IReadOnlyDictionary<int, Voting.CandidateOutcome>> Decide(IReadOnlyList<Voting.Candidate> candidates, int cast, int present, int all) =>
        marks =>
        {
            var standing = candidates.Where(c => c.ProjectId is not null).ToDictionary(c => c.ProjectId!.Value, c => c.Id);
            var counts = projects.Where(p => standing.ContainsKey(p.Id)).Select(p => new ProjectCount(p.Id, marks[standing[p.Id]], p.EstimatedCost)).ToList();
            var decided = ProjectBallots.Decide(counts, round.Rule, cast, present, all, round.BudgetCap);
            foreach (var p in projects.Where(p => decided.ContainsKey(p.Id)))
            {
                p.Settle(marks[standing[p.Id]], decided[p.Id]);
            }
            round.Decide();
            return candidates.ToDictionary(c => c.Id, c => c.ProjectId is { } id && decided.TryGetValue(id, out var o)
                ? o switch { ProjectOutcome.Adopted => Voting.CandidateOutcome.Elected, ProjectOutcome.Tied => Voting.CandidateOutcome.Tied, _ => Voting.CandidateOutcome.NotElected }
                : Voting.CandidateOutcome.NotElected);
        };
}

public sealed record ProjectRoundRow(int Id, int Year, string Title, ProjectRoundState State, int Candidates, int MaxMarks);

public sealed record ProjectOpinionLink(int ItemId, string Title, bool Public);

public sealed record ProjectRow(int Id, int Position, string Title, string Description, long EstimatedCost, int DepartmentId, string Department, ProjectSource Source,
    IReadOnlyList<ProjectOpinionLink> Opinions, int? Marks, ProjectOutcome? Outcome);

public sealed record ProjectRoundView(int Id, string StreetSlug, int Year, string Title, ProjectRoundState State, int MaxMarks, Voting.MajorityRule Rule, long? BudgetCap,
    DateOnly? CommentsFrom, DateOnly? CommentsUntil, IReadOnlyList<ProjectRow> Projects);
