using System.Globalization;
using System.IO.Compression;
using System.Text;
using CongressHub.Domain.Attachments;
using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Motions;
using CongressHub.Domain.Resolutions;
using CongressHub.Domain.Reviews;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Streets;
using CongressHub.Domain.Tracking;
using CongressHub.Domain.Voting;
using Microsoft.Extensions.Localization;

namespace CongressHub.Web.Documents;

/// <summary>A document to download: its file name, content type and bytes.</summary>
public sealed record DocumentFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// The documents a street office files, built from what the services return: the services check who may read each
/// record (another street's is not found), this class only lays it out, in the reader's language, with every time in
/// the installation's zone.
/// </summary>
public sealed class DocumentFiles(
    SessionService sessions,
    MinutesService minutesService,
    VotingService voting,
    FollowUpService followUp,
    ResolutionService resolutions,
    ReviewService reviews,
    RosterImportService roster,
    StreetService streets,
    AttachmentService attachments,
    AuditTrail audit,
    Domain.Records.DelegateRecordService records,
    TimeProvider time,
    IStringLocalizer<SharedResource> L)
{
    private string Today => SessionTime.FormatFormalDate(time.GetUtcNow().UtcDateTime);

    private static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    // ---- a session's documents (conveners)

    /// <summary>The meeting notice (会议通知): time, place and the agenda, dated today and signed by the street's congress.</summary>
    public async Task<DocumentFile> NoticeAsync(Actor actor, int sessionId, CancellationToken ct = default) =>
        Notice(await sessions.DocumentAsync(actor, sessionId, ct));

    public async Task<DocumentFile> AgendaAsync(Actor actor, int sessionId, CancellationToken ct = default) =>
        Agenda(await sessions.DocumentAsync(actor, sessionId, ct));

    /// <summary>The minutes as saved; refused with a reason while the session has none (before adjournment or before a draft is saved).</summary>
    public async Task<DocumentFile> MinutesAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        var session = await sessions.DocumentAsync(actor, sessionId, ct);
        var minutes = await minutesService.GetAsync(actor, sessionId, ct);
        return Minutes(session, minutes) ?? throw DomainException.Because("Documents.NoMinutes", session.Title);
    }

    /// <summary>Each closed vote: rule, channels, counts, result; who voted how for named votes only; a secret vote's counts alone.</summary>
    public async Task<DocumentFile> VotesAsync(Actor actor, int sessionId, CancellationToken ct = default) =>
        Votes(await sessions.DocumentAsync(actor, sessionId, ct), await voting.SessionResultsAsync(actor, sessionId, ct));

    /// <summary>
    /// Every document of the session in one .zip: notice, agenda, minutes (once written), vote results, the quarter's
    /// opinion report, each published resolution adopted in it, and the audit chain's anchor.
    /// </summary>
    public async Task<DocumentFile> ArchiveAsync(Actor actor, int sessionId, CancellationToken ct = default)
    {
        var session = await sessions.DocumentAsync(actor, sessionId, ct);
        var minutes = await minutesService.GetAsync(actor, sessionId, ct);
        var report = await followUp.OpinionReportAsync(actor, sessionId, ct);
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, Notice(session));
            Add(zip, Agenda(session));
            if (Minutes(session, minutes) is { } file)
            {
                Add(zip, file);
            }
            Add(zip, Votes(session, await voting.SessionResultsAsync(actor, sessionId, ct)));
            Add(zip, OpinionReportWord(report, session.Id));
            Add(zip, OpinionReportExcel(report, session.Id));
            var street = StreetName(session.StreetName, session.StreetNameEn);
            foreach (var id in session.ResolutionIds)
            {
                var resolution = await resolutions.GetAsync(actor, id, ct);
                if (resolution.Status == ResolutionStatus.Published)
                {
                    Add(zip, Resolution(resolution, street), "resolutions/");
                }
            }
            await AddAttachmentsAsync(zip, actor, session, ct);
            Add(zip, new DocumentFile("audit-anchor.txt", "text/plain", Encoding.UTF8.GetBytes(await AnchorTextAsync(session, ct))));
        }
        return new DocumentFile($"session-{session.Id}-archive.zip", "application/zip", stream.ToArray());
    }

    /// <summary>
    /// The files attached to the session's agenda items and to the motions on them, under
    /// <c>attachments/item-{position}/</c> and <c>attachments/motion-{id}/</c>, each as stored (images without their metadata).
    /// </summary>
    private async Task AddAttachmentsAsync(ZipArchive zip, Actor actor, SessionDocument session, CancellationToken ct)
    {
        foreach (var item in session.Items)
        {
            await AddFilesAsync(zip, actor, AttachmentRecord.AgendaItem, item.Id, $"attachments/item-{item.Position}/", ct);
            if (item.MotionId is { } motion)
            {
                await AddFilesAsync(zip, actor, AttachmentRecord.Motion, motion, $"attachments/motion-{motion}/", ct);
            }
        }
    }

    private async Task AddFilesAsync(ZipArchive zip, Actor actor, AttachmentRecord kind, int recordId, string folder, CancellationToken ct)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in (await attachments.ListAsync(actor, kind, recordId, ct)).Files)
        {
            var file = await attachments.DownloadAsync(actor, row.Id, ct: ct);
            // Two files of one record may share a name: the later ones are told apart by their id.
            var name = names.Add(file.FileName) ? file.FileName : $"{row.Id}-{file.FileName}";
            Add(zip, new DocumentFile(name, file.ContentType, file.Bytes), folder);
        }
    }

    private async Task<string> AnchorTextAsync(SessionDocument session, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var text = new StringBuilder();
        void Line(DateTime atUtc, AuditAnchor? anchor) => text.AppendLine(anchor is null
            ? L["Documents.AnchorNone", SessionTime.FormatFormalDate(atUtc)]
            : L["Documents.Anchor", SessionTime.FormatFormalDate(atUtc), anchor.Sequence, anchor.ToString()]);
        text.AppendLine(L["Documents.AnchorTitle", StreetName(session.StreetName, session.StreetNameEn), session.Title]);
        if (session.MinutesPublishedUtc is { } published)
        {
            text.AppendLine(L["Documents.AnchorMinutes"]);
            Line(published, await audit.AnchorAsync(session.StreetId, published, ct));
        }
        text.AppendLine(L["Documents.AnchorArchive"]);
        Line(now, await audit.AnchorAsync(session.StreetId, now, ct));
        text.AppendLine(L["Documents.AnchorVerify"]);
        return text.ToString();
    }

    private DocumentFile Notice(SessionDocument s)
    {
        var street = StreetName(s.StreetName, s.StreetNameEn);
        var doc = new WordDocument()
            .Title(L["Documents.NoticeTitle", s.Title])
            .Blank()
            .Line(L["Documents.NoticeTo"])
            .Paragraph(L["Documents.NoticeIntro", SessionTime.FormatFormalDateTime(s.ScheduledUtc), s.Place, s.Title])
            .Paragraph(L["Documents.NoticeTime", SessionTime.FormatFormalDateTime(s.ScheduledUtc)])
            .Paragraph(L["Documents.NoticePlace", s.Place])
            .Paragraph(L["Documents.NoticeAgenda"]);
        foreach (var item in s.Items)
        {
            doc.Paragraph($"{item.Position}. " + (string.IsNullOrWhiteSpace(item.Presenter) ? item.Title : L["Documents.ItemBy", item.Title, item.Presenter]));
        }
        doc.Paragraph(L["Documents.NoticeAttend"]).Signature(L["Documents.Signer", street], Today);
        return new DocumentFile($"session-{s.Id}-notice.docx", WordDocument.ContentType, doc.ToBytes());
    }

    private DocumentFile Agenda(SessionDocument s)
    {
        var doc = new WordDocument()
            .Title(L["Documents.AgendaTitle", s.Title])
            .CentredLine(L["Documents.WhenWhere", SessionTime.FormatFormalDateTime(s.ScheduledUtc), s.Place])
            .Blank()
            .Table([L["Documents.Number"], L["Documents.Item"], L["Documents.Kind"], L["Documents.Presenter"], L["Documents.PlannedMinutes"]],
                s.Items.Select(i => (IReadOnlyList<string>)[i.Position.ToString(CultureInfo.InvariantCulture), i.Title, i.Type.Label(), i.Presenter,
                    i.PlannedMinutes.ToString(CultureInfo.InvariantCulture)]));
        foreach (var item in s.Items.Where(i => !string.IsNullOrWhiteSpace(i.Description)))
        {
            doc.Heading($"{item.Position}. {item.Title}", 3).Markdown(item.Description);
        }
        doc.Signature(L["Documents.Signer", StreetName(s.StreetName, s.StreetNameEn)], SessionTime.FormatFormalDate(s.ScheduledUtc));
        return new DocumentFile($"session-{s.Id}-agenda.docx", WordDocument.ContentType, doc.ToBytes());
    }

    /// <summary>The minutes as kept; once a leader signed them off (签发), with the leader's post, name and date.</summary>
    private DocumentFile? Minutes(SessionDocument s, MinutesView minutes)
    {
        if (s.Status is not (SessionStatus.Adjourned or SessionStatus.MinutesPublished) || string.IsNullOrWhiteSpace(minutes.Markdown))
        {
            return null;
        }
        var doc = new WordDocument()
            .Title(L["Documents.MinutesTitle", s.Title])
            .CentredLine(L["Documents.WhenWhere", SessionTime.FormatFormalDateTime(s.ScheduledUtc), s.Place])
            .Blank()
            .Markdown(WithoutTitleLine(minutes.Markdown, s.Title));
        if (minutes.SignedOffUtc is { } signed && !string.IsNullOrEmpty(minutes.SignedOffBy))
        {
            doc.Blank().Line(L["Minutes.SignedOffBy", minutes.SignedOffBy, SessionTime.FormatFormalDate(signed)]);
        }
        doc.Signature(L["Documents.Signer", StreetName(s.StreetName, s.StreetNameEn)], SessionTime.FormatFormalDate(s.MinutesPublishedUtc ?? s.AdjournedUtc ?? s.ScheduledUtc));
        return new DocumentFile($"session-{s.Id}-minutes.docx", WordDocument.ContentType, doc.ToBytes());
    }

    private DocumentFile Votes(SessionDocument s, IReadOnlyList<SessionVoteRecord> records)
    {
        var book = new Workbook().Sheet(L["Documents.VotesSheet"],
            [L["Documents.Number"], L["Documents.Question"], L["Documents.Ballot"], L["Documents.Rule"], L["Documents.All"], L["Documents.Present"],
                ChannelLabel(VoteChannel.Phone), ChannelLabel(VoteChannel.Recorded), ChannelLabel(VoteChannel.Hands), ChannelLabel(VoteChannel.Paper),
                VoteChoice.Yes.Label(), VoteChoice.No.Label(), VoteChoice.Abstain.Label(), L["Documents.Cast"], L["Documents.Result"], L["Documents.Opened"], L["Documents.Closed"]],
            records.Select((r, i) =>
            {
                var v = r.Vote;
                return (IReadOnlyList<object?>)[i + 1, v.Question, v.Secret ? L["Vote.Secret"].Value : L["Vote.Named"].Value,
                    v.IsElection ? v.ElectionRule?.Label() : v.Rule?.Label(), v.All, r.Present,
                    v.Channels.Phone, v.Channels.Recorded, v.Channels.Hands, v.Channels.Paper,
                    v.IsElection ? null : v.Yes, v.IsElection ? null : v.No, v.IsElection ? null : v.Abstain, v.IsElection ? v.BallotsCast : v.Cast,
                    v.IsElection ? (v.Adopted == true ? L["Documents.SeatsFilled"].Value : L["Documents.SeatsOpen"].Value)
                        : v.Adopted == true ? L["Documents.Adopted"].Value : L["Documents.NotAdopted"].Value,
                    v.OpenedUtc is { } o ? SessionTime.FormatDateTime(o) : null, v.ClosedUtc is { } c ? SessionTime.FormatDateTime(c) : null];
            }));
        var elections = records.Where(r => r.Vote.IsElection).ToList();
        if (elections.Count > 0)
        {
            book.Sheet(L["Documents.ElectionsSheet"], [L["Documents.Question"], L["Documents.Candidate"], L["Documents.Marks"], L["Documents.Result"]],
                elections.SelectMany(r => r.Vote.Candidates.Select(c => (IReadOnlyList<object?>)[r.Vote.Question, c.Name, c.Marks,
                    c.Outcome is { } outcome ? L["CandidateOutcome." + outcome].Value : null])));
        }
        // Only named votes have a list of who voted how; a secret vote never appears here.
        book.Sheet(L["Documents.NamedSheet"], [L["Documents.Question"], L["Documents.Delegate"], L["Documents.Community"], L["Documents.Channel"], L["Documents.Choice"]],
            records.Where(r => r.Named is not null && !r.Vote.Secret).SelectMany(r => r.Named!.Select(n => (IReadOnlyList<object?>)[r.Vote.Question, n.Name, n.Community,
                n.Channel is { } ch ? ChannelLabel(ch) : L["Documents.NotVoted"].Value,
                n.Choice?.Label() ?? n.Marks ?? (n.Channel is null ? null : L["Documents.ByCount"].Value)])));
        return new DocumentFile($"session-{s.Id}-votes.xlsx", Workbook.ContentType, book.ToBytes());
    }

    // ---- the quarter's opinion report (anyone of the street, as its page)

    public async Task<DocumentFile> OpinionReportWordAsync(Actor actor, int sessionId, CancellationToken ct = default) =>
        OpinionReportWord(await followUp.OpinionReportAsync(actor, sessionId, ct), sessionId);

    public async Task<DocumentFile> OpinionReportExcelAsync(Actor actor, int sessionId, CancellationToken ct = default) =>
        OpinionReportExcel(await followUp.OpinionReportAsync(actor, sessionId, ct), sessionId);

    private DocumentFile OpinionReportWord(OpinionReport r, int sessionId)
    {
        IEnumerable<IReadOnlyList<string>> Counts(IEnumerable<CountRow> rows) => rows.Select(c => (IReadOnlyList<string>)[c.Name, c.Count.ToString(CultureInfo.InvariantCulture)]);
        var doc = new WordDocument()
            .Title(L["Documents.OpinionReportTitle", r.StreetName, r.Year, r.Quarter])
            .Blank()
            .Paragraph(L["Documents.OpinionTotal", r.Total])
            .Heading(L["Documents.ByCommunity"]).Table([L["Documents.Community"], L["Documents.Count"]], Counts(r.ByCommunity))
            .Heading(L["Documents.ByCategory"]).Table([L["Documents.Category"], L["Documents.Count"]], Counts(r.ByCategory))
            .Heading(L["Documents.ByDepartment"]).Table([L["Documents.Department"], L["Documents.Count"]], Counts(r.ByDepartment))
            .Heading(L["Documents.Opinions"])
            .Table([L["Documents.Number"], L["Documents.Community"], L["Documents.Month"], L["Documents.Category"], L["Documents.State"], L["Documents.Department"], L["Documents.Text"]],
                r.Items.Select((i, n) => (IReadOnlyList<string>)[(n + 1).ToString(CultureInfo.InvariantCulture), i.Community, Month(i.Month), i.Category.Label(), i.State.Label(),
                    i.Department ?? "", i.MergedCount > 0 ? L["Documents.WithMerged", i.Text, i.MergedCount] : i.Text]))
            .Signature(L["Documents.Signer", r.StreetName], Today);
        return new DocumentFile($"opinion-report-{r.Year}-Q{r.Quarter}.docx", WordDocument.ContentType, doc.ToBytes());
    }

    private DocumentFile OpinionReportExcel(OpinionReport r, int sessionId)
    {
        var book = new Workbook()
            .Sheet(L["Documents.OpinionsSheet"],
                [L["Documents.Number"], L["Documents.Community"], L["Documents.Month"], L["Documents.Category"], L["Documents.Level"], L["Documents.State"],
                    L["Documents.Department"], L["Documents.Merged"], L["Documents.Text"]],
                r.Items.Select((i, n) => (IReadOnlyList<object?>)[n + 1, i.Community, Month(i.Month), i.Category.Label(), i.Level.Label(), i.State.Label(),
                    i.Department, i.MergedCount, i.Text]))
            .Sheet(L["Documents.SummarySheet"], [L["Documents.Group"], L["Documents.Name"], L["Documents.Count"]],
                r.ByCommunity.Select(c => (IReadOnlyList<object?>)[L["Documents.ByCommunity"].Value, c.Name, c.Count])
                    .Concat(r.ByCategory.Select(c => (IReadOnlyList<object?>)[L["Documents.ByCategory"].Value, c.Name, c.Count]))
                    .Concat(r.ByDepartment.Select(c => (IReadOnlyList<object?>)[L["Documents.ByDepartment"].Value, c.Name, c.Count])));
        return new DocumentFile($"opinion-report-{r.Year}-Q{r.Quarter}.xlsx", Workbook.ContentType, book.ToBytes());
    }

    // ---- resolutions, work reports, review results

    /// <summary>A resolution: its title, its number, the adopting session and date, the text, the street's congress. Drafts only for those who may see them.</summary>
    public async Task<DocumentFile> ResolutionAsync(Actor actor, int id, CancellationToken ct = default)
    {
        var resolution = await resolutions.GetAsync(actor, id, ct);
        return Resolution(resolution, await ActorStreetAsync(actor, ct));
    }

    private DocumentFile Resolution(ResolutionDetail r, string street)
    {
        var doc = new WordDocument().Title(r.Title);
        if (r.Number is { } number)
        {
            doc.CentredLine(number);
        }
        doc.CentredLine(L["Documents.AdoptedAt", SessionTime.FormatFormalDate(r.AdoptedUtc), r.SessionTitle])
            .Blank()
            .Markdown(r.Text)
            .Signature(L["Documents.Signer", street], SessionTime.FormatFormalDate(r.PublishedUtc ?? r.AdoptedUtc));
        var name = r.Number is { } n ? $"resolution-{n}.docx" : $"resolution-draft-{r.Id}.docx";
        return new DocumentFile(name, WordDocument.ContentType, doc.ToBytes());
    }

    public async Task<DocumentFile> WorkReportAsync(Actor actor, int reportId, CancellationToken ct = default)
    {
        var r = await reviews.GetReportAsync(actor, reportId, ct);
        var doc = new WordDocument().Title(r.Title).CentredLine(L["Documents.WorkReportYear", r.Year]);
        if (r.Writer is { } writer)
        {
            doc.CentredLine(L["Documents.ReportedBy", writer]);
        }
        doc.Blank().Markdown(r.TextMarkdown);
        if (!string.IsNullOrWhiteSpace(r.KeyFigures))
        {
            doc.Heading(L["Documents.KeyFigures"]);
            foreach (var figure in r.KeyFigures.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                doc.Paragraph(figure);
            }
        }
        doc.Signature(r.Writer ?? await ActorStreetAsync(actor, ct), r.SubmittedUtc is { } at ? SessionTime.FormatFormalDate(at) : Today);
        return new DocumentFile($"work-report-{r.Year}-{r.Id}.docx", WordDocument.ContentType, doc.ToBytes());
    }

    public async Task<DocumentFile> ReviewResultsWordAsync(Actor actor, int roundId, CancellationToken ct = default)
    {
        var v = await reviews.ResultsAsync(actor, roundId, ct);
        var doc = new WordDocument().Title(L["Documents.ReviewResultsTitle", v.StreetName, v.Year]).Blank();
        foreach (var (kind, rows) in Groups(v))
        {
            doc.Heading(kind.Label())
                .Table([L["Documents.Rank"], L["Documents.Reporter"], L["Documents.Raters"], Grade(Domain.Reviews.Grade.Satisfied), Grade(Domain.Reviews.Grade.BasicallySatisfied),
                        Grade(Domain.Reviews.Grade.NotSatisfied), L["Documents.Rate"], L["Documents.Standing"]],
                    rows.Select(row => (IReadOnlyList<string>)[row.Rank == 0 ? "—" : row.Rank.ToString(CultureInfo.InvariantCulture), row.Result.Title,
                        row.Result.Raters.ToString(CultureInfo.InvariantCulture), row.Result.Satisfied.ToString(CultureInfo.InvariantCulture),
                        row.Result.BasicallySatisfied.ToString(CultureInfo.InvariantCulture), row.Result.NotSatisfied.ToString(CultureInfo.InvariantCulture),
                        Rate(row.Result), Standing(row)]));
        }
        doc.Signature(L["Documents.Signer", v.StreetName], Today);
        return new DocumentFile($"review-results-{v.Year}.docx", WordDocument.ContentType, doc.ToBytes());
    }

    public async Task<DocumentFile> ReviewResultsExcelAsync(Actor actor, int roundId, CancellationToken ct = default)
    {
        var v = await reviews.ResultsAsync(actor, roundId, ct);
        var book = new Workbook().Sheet(L["Documents.ResultsSheet"],
            [L["Documents.Kind"], L["Documents.Rank"], L["Documents.Reporter"], L["Documents.Raters"], Grade(Domain.Reviews.Grade.Satisfied),
                Grade(Domain.Reviews.Grade.BasicallySatisfied), Grade(Domain.Reviews.Grade.NotSatisfied), L["Documents.Rate"], L["Documents.Standing"], .. v.Criteria],
            Groups(v).SelectMany(g => g.Rows.Select(row => (IReadOnlyList<object?>)[g.Kind.Label(), row.Rank == 0 ? null : row.Rank, row.Result.Title, row.Result.Raters,
                row.Result.Satisfied, row.Result.BasicallySatisfied, row.Result.NotSatisfied, row.Result.SatisfactionRate is { } rate ? Math.Round(rate, 1) : null,
                Standing(row), .. row.Result.AverageScores.Select(a => a is { } x ? (object?)Math.Round(x, 2) : null)])));
        return new DocumentFile($"review-results-{v.Year}.xlsx", Workbook.ContentType, book.ToBytes());
    }

    // ---- delegates' records of service (代表履职档案)

    /// <summary>One delegate's record of service as Word: the delegate's own, or any of the street's for the convener.</summary>
    public async Task<DocumentFile> DelegateRecordAsync(Actor actor, int delegateId, CancellationToken ct = default)
    {
        var record = await records.RecordAsync(actor, delegateId, ct);
        return new DocumentFile($"record-{record.DelegateId}.docx", WordDocument.ContentType, RecordDocument(record, await ActorStreetAsync(actor, ct)).ToBytes());
    }

    /// <summary>The convener's: every delegate's record of the current term at its end, one Word document each, in one .zip.</summary>
    public async Task<DocumentFile> TermRecordsAsync(Actor actor, CancellationToken ct = default)
    {
        var term = await records.TermRecordsAsync(actor, ct);
        var street = await ActorStreetAsync(actor, ct);
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            var n = 0;
            foreach (var record in term.Records)
            {
                var name = string.Concat(record.Name.Select(c => Path.GetInvalidFileNameChars().Contains(c) ? '_' : c));
                Add(zip, new DocumentFile($"{++n:000}-{name}.docx", WordDocument.ContentType, RecordDocument(record, street).ToBytes()));
            }
        }
        return new DocumentFile($"records-term-{term.TermNumber}.zip", "application/zip", stream.ToArray());
    }

    private WordDocument RecordDocument(Domain.Records.DelegateRecord r, string street)
    {
        string N(int value) => value.ToString(CultureInfo.InvariantCulture);
        var doc = new WordDocument()
            .Title(L["Record.Title", r.Name])
            .CentredLine(L["Documents.RecordTerm", street, r.TermNumber])
            .Heading(L["Documents.RecordAbout"])
            .Table([L["Documents.RecordItem"], L["Documents.RecordValue"]],
            [
                [L["Field.Name"], r.Name],
                [L["Field.Category"], r.Category.Label()],
                [L["Field.Community"], r.Community ?? L["Record.AtLarge"]],
                [L["Documents.RecordTermDates"], $"{SessionTime.FormatDate(r.TermStartsOn)} – {SessionTime.FormatDate(r.TermEndsOn)}"],
            ])
            .Heading(L["Documents.RecordFigures"])
            .Table([L["Documents.RecordItem"], L["Documents.RecordValue"]],
            [
                [L["Records.SittingsHeld"], N(r.SittingsHeld)],
                [L["Record.Attended"], N(r.Attended)],
                [L["Records.Excused"], N(r.Excused)],
                [L["Records.Absent"], N(r.Absent)],
                [L["Record.Sponsored"], N(r.Sponsored.Count)],
                [L["Records.Cosigned"], N(r.Cosigned.Count)],
                [L["Record.Questions"], N(r.Questions.Count)],
                [L["Record.Opinions"], N(r.Opinions.Count)],
                [L["Record.Speeches"], N(r.Speeches)],
                [L["Records.SpeakingTime"], L["Record.SpeakingTime", r.SpeakingSeconds / 60, r.SpeakingSeconds % 60]],
                [L["Record.Ratings"], N(r.FollowUpRatings)],
            ]);
        doc.Heading(L["Record.MotionsHeading"]);
        if (r.Sponsored.Count + r.Cosigned.Count == 0)
        {
            doc.Paragraph(L["Record.NoneYet"]);
        }
        else
        {
            doc.Table([L["Documents.RecordRole"], L["Field.Title"], L["Field.Status"]],
                r.Sponsored.Select(m => (IReadOnlyList<string>)[L["Record.SponsorTag"], m.Title, m.Status.Label()])
                    .Concat(r.Cosigned.Select(m => (IReadOnlyList<string>)[L["Record.CosignTag"], m.Title, m.Status.Label()])));
        }
        doc.Heading(L["Record.QuestionsHeading"]);
        if (r.Questions.Count + r.Opinions.Count == 0)
        {
            doc.Paragraph(L["Record.NoneYet"]);
        }
        else
        {
            doc.Table([L["Field.Kind"], L["Field.Title"], L["Field.Status"]],
                r.Questions.Select(q => (IReadOnlyList<string>)[TrackedKind.Question.Label(), q.Title, q.State.Label()])
                    .Concat(r.Opinions.Select(o => (IReadOnlyList<string>)[TrackedKind.Opinion.Label(), o.Title, o.State.Label()])));
        }
        doc.Heading(L["YearSummary.Heading"]);
        if (r.Summaries.Count == 0)
        {
            doc.Paragraph(L["Record.NoneYet"]);
        }
        foreach (var summary in r.Summaries)
        {
            doc.Heading(L["YearSummary.Year", summary.Year], 2);
            foreach (var line in summary.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                doc.Paragraph(line);
            }
        }
        return doc.Signature(L["Documents.Signer", street], Today);
    }

    // ---- the roster

    public async Task<DocumentFile> RosterAsync(Actor actor, int termId, CancellationToken ct = default)
    {
        var rows = await roster.RosterAsync(actor, termId, ct);
        var book = new Workbook().Sheet(L["Documents.RosterSheet"],
            [DomainText.Get("Csv.Name"), DomainText.Get("Csv.Category"), DomainText.Get("Csv.Community"), DomainText.Get("Csv.Phone")],
            rows.Select(d => (IReadOnlyList<object?>)[d.Name, d.Category.Label(), d.Community, d.Phone]));
        return new DocumentFile($"roster-term-{termId}.xlsx", Workbook.ContentType, book.ToBytes());
    }

    // ---- helpers

    private static void Add(ZipArchive zip, DocumentFile file, string folder = "")
    {
        var entry = zip.CreateEntry(folder + file.FileName, CompressionLevel.Optimal);
        using var stream = entry.Open();
        stream.Write(file.Content);
    }

    private async Task<string> ActorStreetAsync(Actor actor, CancellationToken ct) =>
        await streets.FindStreetAsync(actor.StreetId, ct) is { } street ? StreetName(street.Name, street.NameEn) : "";

    private static string StreetName(string name, string nameEn) => English && !string.IsNullOrWhiteSpace(nameEn) ? nameEn : name;

    private static string ChannelLabel(VoteChannel channel) => DomainText.Get("Channel." + channel);

    private static string Month(DateOnly month) =>
        English ? month.ToString("MMM yyyy", CultureInfo.GetCultureInfo("en")) : month.ToString("yyyy年M月", CultureInfo.InvariantCulture);

    private static IEnumerable<(ReporterKind Kind, IReadOnlyList<RankedResult> Rows)> Groups(ReviewResultsView v) =>
        new (ReporterKind Kind, IReadOnlyList<RankedResult> Rows)[] { (ReporterKind.StreetOffice, v.StreetOffice), (ReporterKind.Department, v.Departments), (ReporterKind.Official, v.Officials) }
            .Where(g => g.Rows.Count > 0);

    private static string Grade(Grade grade) => DomainText.Get("Grade." + grade);

    private static string Rate(ReportResult r) => r.SatisfactionRate is { } rate ? rate.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    private string Standing(RankedResult row) => row.Result.Submitted
        ? row.Standing == Domain.Reviews.Standing.None ? "" : L["Documents.Standing." + row.Standing]
        : L["Documents.NotReported"];

    /// <summary>The minutes open with the session's title, which the document shows as its own title already.</summary>
    private static string WithoutTitleLine(string markdown, string title)
    {
        var text = markdown.TrimStart();
        var end = text.IndexOf('\n');
        var first = (end < 0 ? text : text[..end]).Trim();
        return first == $"# {title}" ? (end < 0 ? "" : text[(end + 1)..]) : markdown;
    }
}
